package dev.sentinel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.sentinel.core.config.BufferConfig;
import dev.sentinel.core.config.DestinationConfig;
import dev.sentinel.core.config.IdentityConfig;
import dev.sentinel.core.config.LoggingConfig;
import dev.sentinel.core.config.SenderConfig;
import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.destination.RetryPolicy;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.schedule.QuartzTaskScheduler;
import dev.sentinel.core.testing.FakeDestinationProvider;
import dev.sentinel.core.testing.FakeDestinationProvider.Recording;
import dev.sentinel.core.testing.FakePlugin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineReloadTest {
  private static TaskConfig task(String id, String target, String digest) {
    return new TaskConfig(
        id,
        id,
        "fake",
        Duration.ofSeconds(1),
        "",
        Duration.ofMillis(800),
        true,
        Labels.EMPTY,
        new FakePlugin()
            .configure(
                Section.of("config", Map.of("target", target, "mode", "up"), new Problems("t")),
                new TaskInfo(id, id)),
        digest);
  }

  private static DestinationConfig destination(Recording r, String digest) {
    return new DestinationConfig(FakeDestinationProvider.specFor(r), Duration.ZERO, digest);
  }

  private static SentinelConfig config(
      String name, BufferConfig buffer, List<TaskConfig> tasks, List<DestinationConfig> dests) {
    return config(name, buffer, tasks, dests, false);
  }

  private static SentinelConfig config(
      String name,
      BufferConfig buffer,
      List<TaskConfig> tasks,
      List<DestinationConfig> dests,
      boolean push) {
    return new SentinelConfig(
        "test.yaml",
        new IdentityConfig(name, "", Labels.EMPTY),
        2,
        buffer,
        new SenderConfig(
            Duration.ofMillis(200),
            100,
            4L << 20,
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 2, 0.2),
            dests),
        tasks,
        LoggingConfig.defaults(),
        "",
        "",
        push,
        List.of());
  }

  private static final BufferConfig MEMORY =
      new BufferConfig("memory", 10_000, "", 0, Duration.ZERO);

  private static List<Sample> of(Recording r, String task) {
    return r.samples().stream().filter(s -> task.equals(s.labels().get("task_id"))).toList();
  }

  @Test
  void appliesTheDifferenceAndMarksTheSeriesThatEnd() throws Exception {
    Recording kept = new Recording("kept");
    Recording gone = new Recording("gone");
    Recording added = new Recording("added");
    List<String> runsOfA = new CopyOnWriteArrayList<>();
    SentinelConfig first =
        config(
            "s1",
            MEMORY,
            List.of(task("a", "x", "A"), task("b", "old", "B1"), task("c", "y", "C")),
            List.of(destination(kept, "K"), destination(gone, "G")));
    Engine engine = new Engine(first, "test", Clock.systemUTC(), new QuartzTaskScheduler(2));
    engine.addRunListener(
        (t, time, outcome, duration, error, samples) -> {
          if (t.id().equals("a")) {
            runsOfA.add(outcome);
          }
        });
    engine.start();
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> of(kept, "c").size() >= 2 && of(kept, "b").size() >= 2);
      TaskConfig aBefore = engine.tasks().get(0);
      Engine.Reload r =
          engine.reload(
              config(
                  "s1",
                  MEMORY,
                  List.of(task("a", "x", "A"), task("b", "new", "B2"), task("d", "z", "D")),
                  List.of(destination(kept, "K"), destination(added, "N"))));
      assertThat(r.tasksKept()).containsExactly("a");
      assertThat(r.tasksChanged()).containsExactly("b");
      assertThat(r.tasksAdded()).containsExactly("d");
      assertThat(r.tasksRemoved()).containsExactly("c");
      assertThat( // the removed task's run counts leave /metrics (and what is pushed)
              engine
                  .metrics()
                  .registry()
                  .getSampleValue(
                      "sentinel_task_runs_total",
                      new String[] {"task_id", "outcome"},
                      new String[] {"c", "success"}))
          .isNull();
      assertThat(r.destinationsKept()).containsExactly("kept");
      assertThat(r.destinationsAdded()).containsExactly("added");
      assertThat(r.destinationsRemoved()).containsExactly("gone");
      assertThat(r.summary())
          .isEqualTo(
              "tasks: 1 kept, 1 changed, 1 added, 1 removed; destinations: 1 kept, 0 changed, 1"
                  + " added, 1 removed");
      assertThat(engine.tasks().get(0)).isSameAs(aBefore);
      int runsAtReload = runsOfA.size();
      // c's series end at once; b's old target ends after the new b's first run.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  kept.samples().stream()
                          .anyMatch(s -> s.isStaleMarker() && "c".equals(s.labels().get("task_id")))
                      && kept.samples().stream()
                          .anyMatch(
                              s -> s.isStaleMarker() && "old".equals(s.labels().get("target"))));
      await().atMost(Duration.ofSeconds(10)).until(() -> !of(added, "d").isEmpty());
      await() // a kept running
          .atMost(Duration.ofSeconds(5))
          .until(() -> runsOfA.size() > runsAtReload);
      // the new b's series are never marked; c sends nothing after its markers
      assertThat(kept.samples())
          .filteredOn(s -> s.isStaleMarker())
          .noneMatch(
              s -> "new".equals(s.labels().get("target")) || "a".equals(s.labels().get("task_id")));
      long lastC =
          of(kept, "c").stream()
              .filter(s -> !s.isStaleMarker())
              .mapToLong(Sample::timestampMs)
              .max()
              .orElseThrow();
      assertThat(of(kept, "c").stream().filter(Sample::isStaleMarker))
          .allSatisfy(m -> assertThat(m.timestampMs()).isGreaterThan(lastC));
      // the added destination starts at the end: none of what was collected before the reload
      assertThat(of(added, "c")).isEmpty();
      int goneBatches = gone.batches.size();
      Thread.sleep(600);
      assertThat(gone.batches).hasSize(goneBatches); // closed: gets nothing more
      assertThat(engine.metrics().value("sentinel_stale_markers_total")).isPositive();
      assertThat(kept.samples()).noneMatch(s -> s.name().startsWith("sentinel_")); // push off
    } finally {
      engine.stop();
    }
  }

  @Test
  void pushesItsOwnMetricsWithTheIdentityEveryFlushInterval(@TempDir Path dir) throws Exception {
    Recording out = new Recording("out");
    BufferConfig disk = new BufferConfig("disk", 10_000, dir.toString(), 1L << 30, Duration.ZERO);
    Engine engine =
        new Engine(
            config("s1", disk, List.of(task("a", "x", "A")), List.of(destination(out, "K")), true),
            "9.9.9",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  out.samples().stream()
                          .filter(s -> s.name().equals("sentinel_last_flush_timestamp_seconds"))
                          .count()
                      >= 3);
    } finally {
      engine.stop();
    }
    List<Sample> own =
        out.samples().stream().filter(s -> s.name().startsWith("sentinel_")).toList();
    assertThat(own).allSatisfy(s -> assertThat(s.labels().get("sentinel")).isEqualTo("s1"));
    assertThat(own)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("sentinel_build_info");
              assertThat(s.labels().get("version")).isEqualTo("9.9.9");
            })
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("sentinel_samples_sent_total");
              assertThat(s.kind()).isEqualTo(Sample.Kind.COUNTER);
              assertThat(s.labels().get("destination")).isEqualTo("out");
            })
        .anySatisfy(s -> assertThat(s.name()).isEqualTo("sentinel_flush_interval_seconds"))
        .anySatisfy(s -> assertThat(s.name()).isEqualTo("sentinel_spool_max_bytes"))
        .noneMatch(s -> s.name().endsWith("_created"));
    assertThat(out.samples()).anyMatch(s -> s.name().equals("process_resident_memory_bytes"));
    // the heartbeat is the time of its own snapshot
    assertThat(own)
        .filteredOn(s -> s.name().equals("sentinel_last_flush_timestamp_seconds"))
        .allSatisfy(s -> assertThat(s.value() * 1000).isCloseTo(s.timestampMs(), within(1.0)));
    // nothing of the sort without push (the other tests): only the tasks' samples
  }

  @Test
  void aChangedIdentityRestartsEveryTask() throws Exception {
    Recording out = new Recording("out");
    List<TaskConfig> tasks = List.of(task("a", "x", "A"));
    Engine engine =
        new Engine(
            config("s1", MEMORY, tasks, List.of(destination(out, "K"))),
            "test",
            Clock.systemUTC(),
            new QuartzTaskScheduler(2));
    engine.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> !out.samples().isEmpty());
      Engine.Reload r = engine.reload(config("s2", MEMORY, tasks, List.of(destination(out, "K"))));
      assertThat(r.identityChanged()).isTrue();
      assertThat(r.tasksChanged()).containsExactly("a");
      assertThat(r.destinationsKept()).containsExactly("out"); // it does not use the identity
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  out.samples().stream()
                      .anyMatch(s -> s.isStaleMarker() && "s1".equals(s.labels().get("sentinel"))));
      assertThat(out.samples())
          .filteredOn(Sample::isStaleMarker)
          .allSatisfy(s -> assertThat(s.labels().get("sentinel")).isEqualTo("s1"));
    } finally {
      engine.stop();
    }
  }

  @Test
  void withTheSpoolAKeptDestinationLosesAndRepeatsNothing(@TempDir Path dir) throws Exception {
    Recording kept = new Recording("kept");
    BufferConfig disk = new BufferConfig("disk", 10_000, dir.toString(), 0, Duration.ZERO);
    SentinelConfig first =
        config(
            "s1",
            disk,
            List.of(task("a", "x", "A"), task("c", "y", "C")),
            List.of(destination(kept, "K")));
    Engine engine = new Engine(first, "test", Clock.systemUTC(), new QuartzTaskScheduler(2));
    engine.start();
    try {
      for (int i = 0; i < 3; i++) {
        await().atMost(Duration.ofSeconds(10)).until(() -> kept.samples().size() > 4);
        engine.reload(
            config(
                "s1",
                disk,
                List.of(task("a", "x", "A"), task("c", "y", i % 2 == 0 ? "C2" : "C")),
                List.of(destination(kept, "K"))));
      }
      Thread.sleep(1500);
    } finally {
      engine.stop();
    }
    List<Sample> values = kept.samples().stream().filter(s -> !s.isStaleMarker()).toList();
    assertThat(values).doesNotHaveDuplicates();
    assertThat(values.stream().filter(s -> s.name().equals("fake_up")).count())
        .isEqualTo(
            Math.round(
                engine
                        .metrics()
                        .value("sentinel_task_runs_total", "task_id", "a", "outcome", "success")
                    + engine
                        .metrics()
                        .value("sentinel_task_runs_total", "task_id", "c", "outcome", "success")));
  }
}
