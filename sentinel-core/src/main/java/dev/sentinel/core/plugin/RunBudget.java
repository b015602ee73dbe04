package dev.sentinel.core.plugin;

import java.time.Duration;

/**
 * How much of a task's timeout a probe may spend measuring. The task's timeout is the runner's hard
 * limit: at that instant it interrupts the run. A probe that gives up at its budget instead (a
 * little earlier) still has time to build and return its failure samples — so a down target is
 * always reported, never lost to the cut-off. The reserve is a tenth of the timeout, at least 100
 * ms, at most 500 ms, and never more than half the timeout.
 */
public final class RunBudget {
  static final Duration MIN_RESERVE = Duration.ofMillis(100);
  static final Duration MAX_RESERVE = Duration.ofMillis(500);

  private RunBudget() {}

  /** The time kept between a probe's own deadline and the runner's hard timeout. */
  public static Duration reserve(Duration timeout) {
    Duration r = timeout.dividedBy(10);
    if (r.compareTo(MIN_RESERVE) < 0) {
      r = MIN_RESERVE;
    }
    if (r.compareTo(MAX_RESERVE) > 0) {
      r = MAX_RESERVE;
    }
    Duration half = timeout.dividedBy(2);
    return r.compareTo(half) > 0 ? half : r;
  }

  /** How long a probe may measure within {@code timeout}: the timeout less its reserve. */
  public static Duration of(Duration timeout) {
    return timeout.minus(reserve(timeout));
  }
}
