package dev.sentinel.core.config;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.plugin.ProbeSpec;
import java.time.Duration;

/**
 * One scheduled measurement; {@code digest} identifies its definition in the file (see {@link
 * dev.sentinel.core.options.ConfigNode#digest}). Exactly one of {@code interval} (non-null) and
 * {@code cron} (non-empty) is set.
 */
public record TaskConfig(
    String id,
    String deviceId,
    String plugin,
    Duration interval,
    String cron,
    Duration timeout,
    boolean enabled,
    Labels labels,
    ProbeSpec spec,
    String digest) {

  /** A task whose definition has no digest (built in code): reloads treat equal ones as kept. */
  public TaskConfig(
      String id,
      String deviceId,
      String plugin,
      Duration interval,
      String cron,
      Duration timeout,
      boolean enabled,
      Labels labels,
      ProbeSpec spec) {
    this(id, deviceId, plugin, interval, cron, timeout, enabled, labels, spec, "");
  }

  /** Whether {@code other} is the same definition (a reload keeps the task running untouched). */
  public boolean sameDefinition(TaskConfig other) {
    return id.equals(other.id) && digest.equals(other.digest);
  }

  /** The labels every sample of this task carries (before the sentinel's identity). */
  public Labels taskLabels() {
    return Labels.of("device_id", deviceId, "task_id", id, "plugin", plugin).merge(labels);
  }

  /**
   * The share of time this task's runs can keep a worker busy when every run lasts its whole
   * timeout (targets down): timeout / interval, at most 1 — a task never runs twice at once. A cron
   * task counts 1: its fires may come close together.
   */
  public double busyShare() {
    if (interval == null) {
      return 1;
    }
    return Math.min(1, (double) timeout.toMillis() / interval.toMillis());
  }

  public String scheduleText() {
    return interval != null ? "every " + Durations.format(interval) : "cron \"" + cron + "\"";
  }
}
