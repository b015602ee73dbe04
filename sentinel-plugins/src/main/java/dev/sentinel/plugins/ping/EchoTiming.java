package dev.sentinel.plugins.ping;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.RunBudget;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Duration;

/**
 * Makes a run's echoes fit the task: {@code (count - 1) × interval + timeout} — the time from the
 * first echo to the last reply's deadline — must end within the task's run budget ({@link
 * TaskInfo#budget()}), or the runner would cut the run off before it reports the loss. What the
 * user left out is fitted: the reply wait takes at most half the budget (2 s at most), the echoes
 * are spread over the rest (1 s apart at most). What the user set is kept, and a combination that
 * cannot fit is a config error that shows the arithmetic.
 */
final class EchoTiming {
  private EchoTiming() {}

  /** {interval, timeout} for the task; problems are reported through {@code o}. */
  static Duration[] fit(Section o, TaskInfo task, int count, Duration interval, Duration timeout) {
    Duration budget = task.budget().orElseThrow();
    boolean setInterval = o.has(PingOptions.INTERVAL);
    boolean setTimeout = o.has(PingOptions.TIMEOUT);
    long gaps = count - 1L;
    Duration t = timeout;
    Duration i = interval;
    if (!setTimeout) {
      Duration cap = gaps == 0 ? budget : budget.dividedBy(2);
      if (setInterval) {
        cap = budget.minus(i.multipliedBy(gaps));
      }
      t = min(PingOptions.DEFAULT_TIMEOUT, cap);
    }
    if (!setInterval && gaps > 0) {
      i =
          min(
              PingOptions.DEFAULT_INTERVAL,
              Duration.ofMillis(budget.minus(t).dividedBy(gaps).toMillis()));
    }
    Duration total = i.multipliedBy(gaps).plus(t);
    boolean fits =
        total.compareTo(budget) <= 0
            && t.compareTo(PingOptions.MIN_TIMEOUT) >= 0
            && (gaps == 0 || i.compareTo(PingOptions.MIN_INTERVAL) >= 0);
    if (fits) {
      return new Duration[] {i, t};
    }
    String key =
        setInterval ? PingOptions.INTERVAL : setTimeout ? PingOptions.TIMEOUT : PingOptions.COUNT;
    Duration shownInterval = setInterval ? i : PingOptions.MIN_INTERVAL;
    Duration shownTimeout = setTimeout ? t : PingOptions.MIN_TIMEOUT;
    Duration shownTotal = shownInterval.multipliedBy(gaps).plus(shownTimeout);
    o.error(
        key,
        "the echoes do not fit in the task's timeout "
            + Durations.format(task.timeout())
            + ": (count - 1) × interval"
            + " + timeout = "
            + gaps
            + " × "
            + Durations.format(shownInterval)
            + " + "
            + Durations.format(shownTimeout)
            + " = "
            + Durations.format(shownTotal)
            + (setInterval && setTimeout ? "" : " at the least")
            + ", but a run must end by "
            + Durations.format(budget)
            + " ("
            + Durations.format(RunBudget.reserve(task.timeout()))
            + " is kept to report its result); lower count, interval or timeout, or raise the"
            + " task's timeout");
    return new Duration[] {interval, timeout};
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
