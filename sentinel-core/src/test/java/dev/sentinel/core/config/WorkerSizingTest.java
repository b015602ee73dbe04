package dev.sentinel.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSizingTest {
  private static TaskConfig task(String id, Duration interval, Duration timeout) {
    return new TaskConfig(
        id,
        id,
        "fake",
        interval,
        interval == null ? "0 * * * * ?" : "",
        timeout,
        true,
        Labels.EMPTY,
        null);
  }

  private static List<TaskConfig> many(int n, Duration interval, Duration timeout) {
    List<TaskConfig> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(task("t" + i, interval, timeout));
    }
    return out;
  }

  private static int sized(List<TaskConfig> tasks) {
    Problems p = new Problems("c.yaml");
    int n = WorkerSizing.workers(null, tasks, new Section("collector", null, p));
    assertThat(p.warnings()).isEmpty();
    return n;
  }

  @Test
  void everyTaskGetsAWorkerWhenAllMayHangAtOnce() {
    // 12 http tasks whose runs can last their whole 15 s interval, and a 5 s canary: 13 busy at
    // worst.
    List<TaskConfig> tasks = many(12, Duration.ofSeconds(15), Duration.ofSeconds(15));
    tasks.add(task("canary", Duration.ofSeconds(5), Duration.ofSeconds(5)));
    assertThat(sized(tasks)).isEqualTo(13);
  }

  @Test
  void shortTimeoutsOnLongIntervalsNeedFewWorkers() {
    // 100 tasks every 60 s with 3 s timeouts keep 5 workers busy on average when all are down.
    assertThat(sized(many(100, Duration.ofSeconds(60), Duration.ofSeconds(3)))).isEqualTo(10);
    assertThat(sized(many(10, Duration.ofSeconds(60), Duration.ofSeconds(1)))).isEqualTo(4);
  }

  @Test
  void neverMoreWorkersThanTasksAndCronCountsWhole() {
    assertThat(sized(many(2, Duration.ofSeconds(10), Duration.ofSeconds(10)))).isEqualTo(2);
    assertThat(sized(many(6, null, Duration.ofSeconds(1)))).isEqualTo(6);
  }

  @Test
  void aConfiguredPoolThatCannotKeepUpIsKeptWithAWarningNamingTheNumbers() {
    List<TaskConfig> tasks = many(3, Duration.ofSeconds(15), Duration.ofSeconds(15));
    tasks.add(task("canary", Duration.ofSeconds(5), Duration.ofSeconds(5)));
    Problems p = new Problems("c.yaml");
    Section collector =
        new Section(
            "collector",
            ConfigNode.map(Map.of("worker_pool_size", ConfigNode.scalar("2", 7)), 6),
            p);
    assertThat(WorkerSizing.workers(2, tasks, collector)).isEqualTo(2);
    assertThat(p.warnings())
        .containsExactly(
            "c.yaml:7: collector.worker_pool_size: 2 workers cannot keep up when targets are down:"
                + " the 4 tasks then keep 4.0 workers busy on average (the sum of"
                + " timeout/interval); runs would start late or be skipped"
                + " (sentinel_task_runs_total{outcome=\"skipped_late\"}). Set at least 4, or leave"
                + " the key out to size the pool from the tasks (4)");
  }
}
