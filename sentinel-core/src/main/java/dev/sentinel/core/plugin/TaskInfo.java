package dev.sentinel.core.plugin;

import java.time.Duration;
import java.util.Optional;

/**
 * What a plugin may know about the task it measures for.
 *
 * @param timeout the task's timeout (the hard limit of one run), so that options can be checked
 *     against it at load (e.g. a capture window must fit in it); {@code null} where no task
 *     stands behind the probe (tests)
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
}
