package dev.sentinel.core.plugin;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.Section;
import java.time.Duration;
import java.util.Optional;

/**
 * What a plugin may know about the task it measures for.
 *
 * @param timeout the task's timeout (the hard limit of one run), so that options can be checked
 *     against it at load (e.g. a capture window must fit in it); {@code null} where no task stands
 *     behind the probe (tests)
 */
public record TaskInfo(String id, String deviceId, Duration timeout) {
  /** A task whose timeout is not known. */
  public TaskInfo(String id, String deviceId) {
    this(id, deviceId, null);
  }

  /**
   * How long one run may measure ({@link RunBudget}): a plugin's own deadlines, defaulted or
   * configured, must fit in it. Empty when the timeout is not known.
   */
  public Optional<Duration> budget() {
    return Optional.ofNullable(timeout).map(RunBudget::of);
  }

  /**
   * Reports {@code key} through {@code options} when {@code deadline}, a time limit of the plugin's
   * own the user configured, does not fit in one run ({@link #budget()}).
   */
  public void checkFits(Section options, String key, Duration deadline) {
    budget()
        .filter(b -> deadline.compareTo(b) > 0)
        .ifPresent(
            b ->
                options.error(
                    key,
                    Durations.format(deadline)
                        + " does not fit in the task's timeout "
                        + Durations.format(timeout)
                        + ": a run must end by "
                        + Durations.format(b)
                        + " ("
                        + Durations.format(RunBudget.reserve(timeout))
                        + " is kept to report its result);"
                        + " lower it, or raise the task's timeout"));
  }
}
