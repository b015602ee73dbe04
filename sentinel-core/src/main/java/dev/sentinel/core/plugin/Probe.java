package dev.sentinel.core.plugin;

import java.util.Set;

/**
 * One configured measurement (a plugin with validated options). {@link #run} is called once per
 * scheduled run, never concurrently for one task.
 */
public interface Probe {
  /**
   * Measures once. A target that is down or unreachable is a result with {@code success=false},
   * not an exception. Every deadline of the probe's own must end within
   * {@link ProbeContext#budget()}, so that a failing run returns its failure samples before the
   * task's hard timeout. At that timeout the caller interrupts the thread, so blocking work must
   * respond to interruption (and clean up: kill child processes); a probe that has measured part
   * of its work may then return what it has (leaving the interrupt flag set) instead of throwing
   * {@link InterruptedException}: the run is still reported as timed out, with those samples.
   */
  ProbeResult run(ProbeContext context) throws InterruptedException;

  /**
   * Opens what this task holds between runs (e.g. a continuous packet capture) when the daemon
   * starts, before the first run. On failure throw {@link ProbeStartException} with one line that
   * names the fix: the daemon logs it once and keeps the task (its runs report the failure, so
   * {@code device_status} shows it) and every other task running. Runs may retry what failed
   * here (an interface can appear later).
   */
  default void start() throws ProbeStartException {}

  /** Releases what {@link #start()} or the runs opened; called once when the daemon stops. */
  default void close() {}

  /**
   * About how many samples one run makes ({@code device_status} not counted), to size the default
   * buffer from what the tasks produce. A rough figure is enough; the default suits a probe of
   * one target with a few dozen series.
   */
  default int samplesPerRun() {
    return 50;
  }

  /** Label names this probe adds to its samples; a task label with one of these names is an error. */
  default Set<String> labelNames() {
    return Set.of();
  }
}
