package dev.sentinel.core.engine;

import java.util.Locale;

/**
 * What became of one scheduled run of a task; the {@code outcome} label of {@code
 * sentinel_task_runs_total}.
 */
public enum Outcome {
  /** The probe ran and the target passed. */
  SUCCESS,
  /** The probe ran and the target failed (down, wrong answer): data, not an error. */
  FAILURE,
  /** The run hit the task's hard timeout and was cut off; what it measured by then is kept. */
  TIMEOUT,
  /** The probe threw: a bug or an environment problem, not a verdict on the target. */
  ERROR,
  /** Not run: the task's previous run went on past this run's time and the next one's. */
  SKIPPED_OVERLAP,
  /** Not run: the task's previous run was still waiting for a free worker. */
  SKIPPED_LATE,
  /** Stopped by shutdown (or never started before it): no samples, not a target failure. */
  CANCELLED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
