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

  /** Releases what {@link #start()} or the runs opened; called once when the daemon stops. */
  default void close() {}
}
