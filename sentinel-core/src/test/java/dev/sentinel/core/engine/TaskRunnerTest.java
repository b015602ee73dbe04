package dev.sentinel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.buffer.MemoryBuffer;
import dev.sentinel.core.config.Problems;
import dev.sentinel.core.config.Section;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.testing.FakePlugin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskRunnerTest {
  private final SelfMetrics metrics = new SelfMetrics("test");
  private final MemoryBuffer buffer = new MemoryBuffer(1000, (d, reason, n) -> {});
  private final Buffer.Reader reader = buffer.reader("r");
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private TaskRunner runner(String mode, Duration timeout, String delay) {
    Section options = Section.of("config", Map.of("mode", mode, "target", "t", "delay", delay), new Problems("t"));
    TaskConfig task = new TaskConfig("task1", "dev1", "fake", Duration.ofSeconds(10), "", timeout, true,
        Labels.of("site", "hq"), new FakePlugin().create(options, new TaskInfo("task1", "dev1")));
    return new TaskRunner(task, Labels.of("sentinel", "s1"), buffer, metrics, pool, Clock.systemUTC(),
        new LogThrottle(Duration.ofSeconds(30)));
  }

  private Sample find(String name) {
    return reader.peek(100).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void successEmitsSamplesAndDeviceStatusOneWithAllLabels() {
    runner("up", Duration.ofSeconds(5), "0s").run();
    Sample status = find("device_status");
    assertThat(status.value()).isEqualTo(1);
    assertThat(status.labels().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "device_id", "dev1", "task_id", "task1", "plugin", "fake", "site", "hq", "sentinel", "s1"));
    assertThat(find("fake_up").labels().get("target")).isEqualTo("t");
    assertThat(metrics.value("sentinel_task_runs_total", "task_id", "task1", "outcome", "success")).isEqualTo(1);
    assertThat(metrics.value("sentinel_samples_collected_total")).isEqualTo(2);
  }

  @Test
  void downTargetIsDataNotAnError() {
    runner("down", Duration.ofSeconds(5), "0s").run();
    assertThat(find("device_status").value()).isZero();
    assertThat(find("fake_up").value()).isZero();
    assertThat(metrics.value("sentinel_task_runs_total", "task_id", "task1", "outcome", "failure")).isEqualTo(1);
  }

  @Test
  void throwingPluginCostsOnlyThatRun() {
    TaskRunner r = runner("throw", Duration.ofSeconds(5), "0s");
    r.run();
    r.run();
    assertThat(reader.peek(100)).extracting(Sample::name).containsExactly("device_status", "device_status");
    assertThat(metrics.value("sentinel_task_runs_total", "task_id", "task1", "outcome", "error")).isEqualTo(2);
  }

  @Test
  void hangingPluginIsCutOffAtTheTimeout() {
    long start = System.nanoTime();
    runner("hang", Duration.ofMillis(300), "0s").run();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(find("device_status").value()).isZero();
    assertThat(metrics.value("sentinel_task_runs_total", "task_id", "task1", "outcome", "timeout")).isEqualTo(1);
  }

  @Test
  void overlappingRunIsSkippedAndCounted() throws Exception {
    TaskRunner r = runner("up", Duration.ofSeconds(5), "800ms");
    Thread first = new Thread(r);
    first.start();
    await().atMost(Duration.ofSeconds(2)).until(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getState() == Thread.State.TIMED_WAITING && t != first && pool != null) && first.isAlive());
    r.run();
    first.join();
    assertThat(metrics.value("sentinel_task_runs_total", "task_id", "task1", "outcome", "skipped_overlap")).isEqualTo(1);
    assertThat(metrics.value("sentinel_task_runs_total", "task_id", "task1", "outcome", "success")).isEqualTo(1);
    assertThat(reader.peek(100)).extracting(Sample::name).containsExactlyInAnyOrder("fake_up", "device_status");
    List<Sample> all = reader.peek(100);
    assertThat(all).hasSize(2);
  }

  @Test
  void recordsHowLateARunStarted() {
    runner("up", Duration.ofSeconds(5), "0s").accept(System.currentTimeMillis() - 1500);
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds_count")).isEqualTo(1);
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds_sum")).isBetween(1.5, 3.0);
  }
}
