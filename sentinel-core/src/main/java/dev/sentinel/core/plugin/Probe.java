package dev.sentinel.core.plugin;

import java.util.Set;

/**
 * One configured measurement (a plugin with validated options). {@link #run} is called once per
 * scheduled run, never concurrently for one task.
 */
public interface Probe {
  /**
   * Measures once. A target that is down or unreachable is a result with {@code success=false},
   * not an exception. The caller enforces the task's timeout by interrupting the thread, so
   * blocking work must respond to interruption (and clean up: kill child processes).
   */
  ProbeResult run(ProbeContext context) throws InterruptedException;

  /** Label names this probe adds to its samples; a task label with one of these names is an error. */
  default Set<String> labelNames() {
    return Set.of();
  }
}
