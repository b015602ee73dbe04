package dev.sentinel.core.config;

import dev.sentinel.core.options.Section;
import java.util.List;
import java.util.Locale;

/**
 * How many workers run the tasks. Each run holds a worker for as long as it lasts, and a run lasts
 * longest exactly when monitoring matters — targets down, every run waiting out its timeout. The
 * default is sized for that: twice the workers the tasks need on average when every run times out
 * (the sum of their timeout/interval, see {@link TaskConfig#busyShare()}), at least 4, and never
 * more than the number of tasks (a task never runs twice at once). A configured size below that
 * average cannot keep up: runs would start ever later and be skipped; it is accepted with a
 * warning.
 */
final class WorkerSizing {
  static final int MIN_DEFAULT = 4;

  private WorkerSizing() {}

  static int workers(Integer configured, List<TaskConfig> tasks, Section collector) {
    List<TaskConfig> enabled = tasks.stream().filter(TaskConfig::enabled).toList();
    double demand = enabled.stream().mapToDouble(TaskConfig::busyShare).sum();
    if (configured == null) {
      return defaultFor(enabled.size(), demand);
    }
    int needed = (int) Math.ceil(demand - 1e-9);
    if (configured < needed) {
      collector.warn(
          "worker_pool_size",
          String.format(
              Locale.ROOT,
              "%d workers cannot keep up when targets are down: the %d tasks then keep %.1f workers"
                  + " busy on average (the sum of timeout/interval); runs would start late or be"
                  + " skipped (sentinel_task_runs_total{outcome=\"skipped_late\"}). Set at least"
                  + " %d, or leave the key out to size the pool from the tasks (%d)",
              configured,
              enabled.size(),
              demand,
              needed,
              defaultFor(enabled.size(), demand)));
    }
    return configured;
  }

  static int defaultFor(int tasks, double demand) {
    int sized = Math.max(MIN_DEFAULT, (int) Math.ceil(2 * demand - 1e-9));
    return Math.max(1, Math.min(tasks, sized));
  }
}
