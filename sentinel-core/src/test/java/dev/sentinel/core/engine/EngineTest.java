package dev.sentinel.core.engine;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sentinel.core.config.BufferConfig;
import dev.sentinel.core.config.DestinationConfig;
import dev.sentinel.core.config.IdentityConfig;
import dev.sentinel.core.config.LoggingConfig;
import dev.sentinel.core.config.SenderConfig;
import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.destination.RetryPolicy;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.schedule.QuartzTaskScheduler;
import dev.sentinel.core.testing.FakeDestinationProvider;
import dev.sentinel.core.testing.FakeDestinationProvider.Recording;
import dev.sentinel.core.testing.FakePlugin;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  private static SentinelConfig config(
      Duration flush, Duration shutdown, Recording... destinations) {
    return config(
        new BufferConfig("memory", 1000, "", 0, Duration.ZERO), flush, shutdown, destinations);
  }

  private static TaskConfig task(String id, String mode) {
    return task(id, mode, Duration.ofSeconds(1));
  }

  private static TaskConfig task(String id, String mode, Duration timeout) {
    return new TaskConfig(
        id,
        id,
        "fake",
        Duration.ofSeconds(1),
        "",
        timeout,
        true,
        Labels.EMPTY,
        new FakePlugin()
            .configure(
                Section.of("config", Map.of("target", "x", "mode", mode), new Problems("t")),
                new TaskInfo(id, id)));
  }

  private static long runs(Engine engine, String task, String outcome) {
    return Math.round(
        engine.metrics().value("sentinel_task_runs_total", "task_id", task, "outcome", outcome));
  }

  @Test
  void noTaskIsStarvedWhenHangingTasksOutnumberTheWorkers() throws Exception {
    Recording a = new Recording("a");
    // Two workers; three tasks that always hang until their 1 s timeout; a canary every second.
    Engine engine =
        new Engine(
            config(
                List.of(
                    task("hang1", "hang"),
                    task("hang2", "hang"),
                    task("hang3", "hang"),
                    task("canary", "up")),
                new BufferConfig("memory", 10_000, "", 0, Duration.ZERO),
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                a),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    Thread.sleep(8_000); // a fixed window whose runs are counted, not a wait for something
    engine.stop();
    assertThat(runs(engine, "canary", "success")).isGreaterThanOrEqualTo(3);
    for (String hang : List.of("hang1", "hang2", "hang3")) {
      assertThat(runs(engine, hang, "timeout")).as(hang).isGreaterThanOrEqualTo(2);
    }
    // What could not start on time is counted, never silently lost.
    long skipped = 0;
    for (String t : List.of("hang1", "hang2", "hang3", "canary")) {
      skipped += runs(engine, t, "skipped_late") + runs(engine, t, "skipped_overlap");
    }
    assertThat(skipped).isPositive();
    assertThat(a.samples())
        .filteredOn(
            s -> s.name().equals("device_status") && s.labels().get("task_id").startsWith("hang"))
        .allSatisfy(s -> assertThat(s.value()).isZero());
  }

  @Test
  void stopCancelsARunStillGoingWithoutReportingItsTargetDown() throws Exception {
    Recording a = new Recording("a");
    Engine engine =
        new Engine(
            config(
                List.of(task("long", "hang", Duration.ofSeconds(30)), task("ok", "up")),
                new BufferConfig("memory", 1000, "", 0, Duration.ZERO),
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                a),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                runs(engine, "ok", "success") >= 1
                    && engine.metrics().value("sentinel_task_workers_busy") >= 1);
    long start = System.nanoTime();
    engine.stop();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(runs(engine, "long", "cancelled")).isEqualTo(1);
    assertThat(a.samples())
        .noneSatisfy(s -> assertThat(s.labels().get("task_id")).isEqualTo("long"));
  }

  private static SentinelConfig config(
      BufferConfig buffer, Duration flush, Duration shutdown, Recording... destinations) {
    return config(List.of(task("t1", "up")), buffer, flush, shutdown, destinations);
  }

  private static SentinelConfig config(
      List<TaskConfig> tasks,
      BufferConfig buffer,
      Duration flush,
      Duration shutdown,
      Recording... destinations) {
    return new SentinelConfig(
        "test.yaml",
        new IdentityConfig("s1", "", Labels.EMPTY),
        2,
        buffer,
        new SenderConfig(
            flush,
            100,
            4L << 20,
            Duration.ofSeconds(5),
            shutdown,
            new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 2, 0.2),
            Arrays.stream(destinations)
                .map(d -> new DestinationConfig(FakeDestinationProvider.specFor(d), Duration.ZERO))
                .toList()),
        tasks,
        LoggingConfig.defaults(),
        "",
        "",
        false,
        List.of());
  }

  @Test
  void aTaskThatCannotStartReportsDownWhileTheOthersRunAndEveryProbeIsClosedAtStop()
      throws Exception {
    Recording a = new Recording("a");
    FakePlugin.closed.set(0);
    Engine engine =
        new Engine(
            config(
                List.of(task("ok", "up"), task("nocap", "unstartable")),
                new BufferConfig("memory", 1000, "", 0, Duration.ZERO),
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                a),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                a.samples().stream()
                        .filter(s -> s.name().equals("device_status"))
                        .map(s -> s.labels().get("task_id"))
                        .distinct()
                        .count()
                    == 2);
    engine.stop();
    assertThat(a.samples())
        .filteredOn(s -> s.name().equals("device_status"))
        .allSatisfy(
            s ->
                assertThat(s.value())
                    .isEqualTo(s.labels().get("task_id").equals("ok") ? 1.0 : 0.0));
    assertThat(FakePlugin.closed.get()).isEqualTo(2);
  }

  @Test
  void stopFlushesWhatIsBufferedToEveryDestination() throws Exception {
    Recording a = new Recording("a");
    Recording b = new Recording("b");
    Engine engine =
        new Engine(
            config(Duration.ofHours(1), Duration.ofSeconds(5), a, b),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> engine.metrics().value("sentinel_samples_collected_total") >= 4);
    assertThat(a.sampleCount()).isZero(); // flush interval is an hour: nothing sent yet
    engine.stop();
    double collected = engine.metrics().value("sentinel_samples_collected_total");
    assertThat(a.sampleCount()).isEqualTo((int) collected);
    assertThat(b.sampleCount()).isEqualTo((int) collected);
    assertThat(engine.senderLoops()).allSatisfy(l -> assertThat(l.pendingCount()).isZero());
  }

  @Test
  void aFullBatchWaitingIsSentWithinASecondWhateverTheFlushInterval() throws Exception {
    Recording a = new Recording("a");
    List<TaskConfig> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      tasks.add(task("t" + i, "up"));
    }
    Engine engine =
        new Engine(
            config(
                tasks,
                new BufferConfig("memory", 10_000, "", 0, Duration.ZERO),
                Duration.ofHours(1),
                Duration.ofSeconds(5),
                a),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(4));
    engine.start();
    try {
      // 40 tasks a second fill a batch (100) in a few seconds; the hour-long interval is not
      // waited.
      await().atMost(Duration.ofSeconds(10)).until(() -> a.sampleCount() >= 100);
      synchronized (a) {
        assertThat(a.batches.get(0)).hasSize(100);
      }
      assertThat(engine.senderLoops().get(0).pendingCount()).isLessThan(300);
    } finally {
      engine.stop();
    }
  }

  @Test
  void aHangingDestinationCannotDelayShutdownPastTheTimeoutNorHoldBackAnother() throws Exception {
    Recording slow = new Recording("slow");
    slow.delayMillis = 60_000;
    Recording fast = new Recording("fast");
    Engine engine =
        new Engine(
            config(Duration.ofMillis(200), Duration.ofSeconds(1), slow, fast),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> fast.sampleCount() >= 4);
    long start = System.nanoTime();
    engine.stop();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    SenderLoop slowLoop = engine.senderLoops().get(0);
    assertThat(slowLoop.successCount()).isZero();
    assertThat(slowLoop.pendingCount()).isPositive();
  }

  @Test
  void failingDestinationKeepsItsBacklogForTheNextFlush() throws Exception {
    Recording down = new Recording("down");
    down.next = SendResult.retry("HTTP 503");
    Engine engine =
        new Engine(
            config(Duration.ofMillis(200), Duration.ofSeconds(2), down),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                engine.metrics().value("sentinel_samples_failed_total", "destination", "down")
                    >= 4);
    down.next = SendResult.DELIVERED;
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> engine.senderLoops().get(0).successCount() >= 2);
    engine.stop();
    assertThat(engine.senderLoops().get(0).pendingCount()).isZero();
    assertThat(engine.senderLoops().get(0).droppedCount()).isZero();
  }

  @Test
  void withTheDiskSpoolWhatWasNotDeliveredIsSentAfterARestart(@TempDir Path dir) throws Exception {
    BufferConfig disk = new BufferConfig("disk", 1000, dir.toString(), 0, Duration.ZERO);
    Recording down = new Recording("vm");
    down.next = SendResult.retry("connection refused");
    Engine first =
        new Engine(
            config(disk, Duration.ofMillis(200), Duration.ofSeconds(1), down),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    first.start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> first.metrics().value("sentinel_samples_collected_total") >= 6);
    first.stop();
    long pending = first.senderLoops().get(0).pendingCount();
    assertThat(pending).isGreaterThanOrEqualTo(6);

    Recording up = new Recording("vm");
    Engine second =
        new Engine(
            config(disk, Duration.ofMillis(200), Duration.ofSeconds(2), up),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    second.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> up.sampleCount() >= pending);
    second.stop();
    assertThat(up.batches.get(0).get(0).timestampMs()).isLessThan(System.currentTimeMillis() - 200);
  }

  @Test
  void aSpoolOfANewerFormatStopsTheStartWithOneLineAndIsKept(@TempDir Path dir) throws Exception {
    // the start of a segment file in a format version this Sentinel does not know
    byte[] future = ByteBuffer.allocate(32).put("SNTLSPLV".getBytes(US_ASCII)).putInt(3).array();
    Path segment = Files.write(dir.resolve("00000000000000000012.seg"), future);
    BufferConfig disk = new BufferConfig("disk", 1000, dir.toString(), 0, Duration.ZERO);
    Engine engine =
        new Engine(
            config(disk, Duration.ofMillis(200), Duration.ofSeconds(1), new Recording("vm")),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    assertThatThrownBy(engine::start)
        .isInstanceOfSatisfying(
            StartException.class, e -> assertThat(e.key()).isEqualTo("buffer.disk_path"))
        .hasMessage(
            "spool segment "
                + segment
                + " has format version 3; this Sentinel reads versions 1 to 2: upgrade Sentinel,"
                + " or move the spool away");
    engine.stop();
    assertThat(Files.readAllBytes(segment)).isEqualTo(future);
  }

  @Test
  void aTaskWhoseProbeCannotOpenReportsDownWhileTheOthersRun() throws Exception {
    Recording a = new Recording("a");
    ProbeSpec broken =
        ProbeSpec.of(
            Set.of(),
            1,
            () -> {
              throw new IllegalStateException(
                  "TLS set-up failed: cannot read /etc/ca.pem: No such file");
            });
    TaskConfig bad =
        new TaskConfig(
            "bad",
            "bad",
            "fake",
            Duration.ofSeconds(1),
            "",
            Duration.ofSeconds(1),
            true,
            Labels.EMPTY,
            broken);
    Engine engine =
        new Engine(
            config(
                List.of(task("ok", "up"), bad),
                new BufferConfig("memory", 1000, "", 0, Duration.ZERO),
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                a),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                a.samples().stream()
                        .filter(s -> s.name().equals("device_status"))
                        .map(s -> s.labels().get("task_id"))
                        .distinct()
                        .count()
                    == 2);
    engine.stop();
    assertThat(a.samples())
        .filteredOn(s -> s.name().equals("device_status"))
        .allSatisfy(
            s ->
                assertThat(s.value())
                    .isEqualTo(s.labels().get("task_id").equals("ok") ? 1.0 : 0.0));
  }
}
