package dev.sentinel.core.plugin;

/**
 * One task's measurement, opened from its {@link ProbeSpec} when the task starts. {@link #run} is
 * called once per scheduled run, never concurrently for one task.
 */
public interface Probe {
  /**
   * Measures once. A target that is down or unreachable is a result with {@code success=false}, not
   * an exception. Every deadline of the probe's own must end within {@link ProbeContext#budget()},
   * so that a failing run returns its failure samples before the task's hard timeout. At that
   * timeout the caller interrupts the thread, so blocking work must respond to interruption (and
   * clean up: kill child processes); a probe that has measured part of its work may then return
   * what it has (leaving the interrupt flag set) instead of throwing {@link InterruptedException}:
   * the run is still reported as timed out, with those samples.
   */
  ProbeResult run(ProbeContext context) throws InterruptedException;

  /**
   * Opens what this task holds between runs (e.g. a continuous packet capture) when the daemon
   * starts, before the first run. On failure throw {@link ProbeStartException} with one line that
   * names the fix: the daemon logs it once and keeps the task (its runs report the failure, so
   * {@code device_status} shows it) and every other task running. Runs may retry what failed here
   * (an interface can appear later).
   */
  default void start() throws ProbeStartException {}

  /**
   * Whether this probe remembers the series its runs produced ({@link #lastSeries}); if not (the
   * default), the runner keeps the last run's samples for the staleness markers written when the
   * task goes away or a reload replaces it. A probe with many series (a scrape) already remembers
   * them, more compactly than a run's samples.
   */
  default boolean keepsSeries() {
    return false;
  }

  /**
   * For a probe that {@link #keepsSeries}: its series not ended yet, each as a sample carrying its
   * last timestamp (the value does not matter). Called after the runs have ended; must not fail.
   */
  default java.util.List<dev.sentinel.core.model.Sample> lastSeries() {
    return java.util.List.of();
  }

  /** Releases what {@link #start()} or the runs opened; called once when the daemon stops. */
  default void close() {}
}
