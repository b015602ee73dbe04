package dev.sentinel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.buffer.MemoryBuffer;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.testing.FakePlugin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskRunnerTest {
  private final SelfMetrics metrics = new SelfMetrics("test");
  private final MemoryBuffer buffer = new MemoryBuffer(1000, (d, reason, n) -> {});
  private final Buffer.Reader reader = buffer.reader("r");
  private final Watchdog watchdog = new Watchdog();
  private WorkerPool workers = new WorkerPool(4);

  @AfterEach
  void stop() {
    workers.shutdown();
    watchdog.close();
    FakePlugin.release.countDown();
  }

  private TaskRunner runner(
      String id, String mode, Duration interval, Duration timeout, String delay) {
    Section options =
        Section.of(
            "config", Map.of("mode", mode, "target", "t", "delay", delay), new Problems("t"));
    TaskConfig task =
        new TaskConfig(
            id,
            "dev1",
            "fake",
            interval,
            "",
            timeout,
            true,
            Labels.of("site", "hq"),
            new FakePlugin().configure(options, new TaskInfo(id, "dev1")));
    return new TaskRunner(
        task,
        task.spec().open(),
        Labels.of("sentinel", "s1"),
        buffer,
        metrics,
        workers,
        4,
        watchdog,
        Clock.systemUTC(),
        new LogThrottle(Duration.ofSeconds(30)),
        null);
  }

  private TaskRunner runner(String mode, Duration timeout, String delay) {
    return runner("task1", mode, Duration.ofSeconds(10), timeout, delay);
  }

  private Sample find(String name) {
    return reader.peek(100).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private double runs(String outcome) {
    return metrics.value("sentinel_task_runs_total", "task_id", "task1", "outcome", outcome);
  }

  private long statuses() {
    return reader.peek(1000).stream().filter(s -> s.name().equals("device_status")).count();
  }

  @Test
  void successEmitsSamplesAndDeviceStatusOneWithAllLabels() {
    runner("up", Duration.ofSeconds(5), "0s").runNow();
    Sample status = find("device_status");
    assertThat(status.value()).isEqualTo(1);
    assertThat(status.labels().asMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "device_id",
                "dev1",
                "task_id",
                "task1",
                "plugin",
                "fake",
                "site",
                "hq",
                "sentinel",
                "s1"));
    assertThat(find("fake_up").labels().get("target")).isEqualTo("t");
    assertThat(runs("success")).isEqualTo(1);
    assertThat(metrics.value("sentinel_samples_collected_total")).isEqualTo(2);
  }

  @Test
  void downTargetIsDataNotAnError() {
    runner("down", Duration.ofSeconds(5), "0s").runNow();
    assertThat(find("device_status").value()).isZero();
    assertThat(find("fake_up").value()).isZero();
    assertThat(runs("failure")).isEqualTo(1);
  }

  @Test
  void throwingPluginCostsOnlyThatRun() {
    TaskRunner r = runner("throw", Duration.ofSeconds(5), "0s");
    r.runNow();
    r.runNow();
    assertThat(reader.peek(100))
        .extracting(Sample::name)
        .containsExactly("device_status", "device_status");
    assertThat(runs("error")).isEqualTo(2);
  }

  @Test
  void hangingPluginIsCutOffAtTheTimeout() {
    long start = System.nanoTime();
    runner("hang", Duration.ofMillis(300), "0s").runNow();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(find("device_status").value()).isZero();
    assertThat(runs("timeout")).isEqualTo(1);
  }

  @Test
  void aRunCutOffAtTheTimeoutKeepsWhatItMeasured() {
    runner("partial", Duration.ofMillis(300), "0s").runNow();
    assertThat(reader.peek(100))
        .extracting(Sample::name)
        .containsExactlyInAnyOrder("fake_up", "device_status");
    assertThat(find("fake_up").value()).isZero();
    assertThat(find("device_status").value()).isZero();
    assertThat(runs("timeout")).isEqualTo(1);
  }

  @Test
  void aProbeIgnoringItsTimeoutIsReportedAtTheTimeoutAndItsWorkerIsReplaced() {
    FakePlugin.release = new CountDownLatch(1);
    workers = new WorkerPool(1);
    TaskRunner stuck =
        runner("stuck", "stuck", Duration.ofSeconds(10), Duration.ofMillis(300), "0s");
    TaskRunner other = runner("task1", "up", Duration.ofSeconds(10), Duration.ofSeconds(5), "0s");
    stuck.accept(System.currentTimeMillis());
    // Timeout (300 ms) plus the grace (1 s): reported down while the probe still holds its thread.
    await().atMost(Duration.ofSeconds(5)).until(() -> statuses() == 1);
    assertThat(metrics.value("sentinel_task_runs_total", "task_id", "stuck", "outcome", "timeout"))
        .isEqualTo(1);
    assertThat(find("device_status").value()).isZero();
    // The single worker is held by the stuck probe; a replacement runs the other task.
    other.accept(System.currentTimeMillis());
    await().atMost(Duration.ofSeconds(5)).until(() -> runs("success") == 1);
    FakePlugin.release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> workers.busy() == 0);
    assertThat(statuses()).as("the stuck run is not reported twice").isEqualTo(2);
  }

  @Test
  void aFireDuringARunWaitsForItAndStartsRightAfter() {
    TaskRunner r = runner("up", Duration.ofSeconds(5), "600ms");
    long now = System.currentTimeMillis();
    r.accept(now);
    await().atMost(Duration.ofSeconds(2)).until(() -> workers.busy() == 1);
    r.accept(now + 100);
    await().atMost(Duration.ofSeconds(5)).until(() -> runs("success") == 2);
    assertThat(runs("skipped_overlap")).isZero();
    assertThat(statuses()).isEqualTo(2);
  }

  @Test
  void aRunThatOutlastsTwoFiresSkipsOneAndCountsIt() {
    TaskRunner r = runner("up", Duration.ofSeconds(5), "800ms");
    long now = System.currentTimeMillis();
    r.accept(now);
    await().atMost(Duration.ofSeconds(2)).until(() -> workers.busy() == 1);
    r.accept(now + 50);
    r.accept(now + 100);
    await().atMost(Duration.ofSeconds(5)).until(() -> runs("success") == 2);
    assertThat(runs("skipped_overlap")).isEqualTo(1);
    assertThat(statuses()).isEqualTo(2);
  }

  @Test
  void aFireLeftWaitingMoreThanHalfAnIntervalIsSkipped() {
    TaskRunner r = runner("task1", "up", Duration.ofSeconds(1), Duration.ofSeconds(5), "1500ms");
    long now = System.currentTimeMillis();
    r.accept(now);
    await().atMost(Duration.ofSeconds(2)).until(() -> workers.busy() == 1);
    r.accept(now + 100);
    await().atMost(Duration.ofSeconds(5)).until(() -> runs("skipped_overlap") == 1);
    assertThat(runs("success")).isEqualTo(1);
  }

  @Test
  void aFireWhileThePreviousStillWaitsForAWorkerIsSkippedAsLate() {
    workers = new WorkerPool(1);
    TaskRunner busy = runner("busy", "up", Duration.ofSeconds(10), Duration.ofSeconds(5), "800ms");
    TaskRunner waiting = runner("task1", "up", Duration.ofSeconds(10), Duration.ofSeconds(5), "0s");
    busy.accept(System.currentTimeMillis());
    await().atMost(Duration.ofSeconds(2)).until(() -> workers.busy() == 1);
    waiting.accept(System.currentTimeMillis());
    waiting.accept(System.currentTimeMillis());
    assertThat(runs("skipped_late")).isEqualTo(1);
    // First come, first served: the waiting task runs as soon as the worker is free.
    await().atMost(Duration.ofSeconds(5)).until(() -> runs("success") == 1);
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds_sum")).isGreaterThan(0.5);
  }

  @Test
  void cancelledRunsLeaveNoSamplesAndAreCounted() {
    TaskRunner r = runner("hang", Duration.ofSeconds(30), "0s");
    r.accept(System.currentTimeMillis());
    await().atMost(Duration.ofSeconds(2)).until(() -> workers.busy() == 1);
    r.stop();
    r.cancelRunning();
    await().atMost(Duration.ofSeconds(5)).until(() -> runs("cancelled") == 1);
    assertThat(reader.peek(100)).isEmpty();
    assertThat(runs("timeout") + runs("error") + runs("failure")).isZero();
  }

  @Test
  void recordsHowLateARunStarted() {
    runner("up", Duration.ofSeconds(5), "0s").accept(System.currentTimeMillis() - 1500);
    await().atMost(Duration.ofSeconds(5)).until(() -> runs("success") == 1);
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds_count")).isEqualTo(1);
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds_sum")).isBetween(1.5, 3.0);
    assertThat(List.of(runs("skipped_late"), runs("skipped_overlap"))).containsOnly(0.0);
  }
}
