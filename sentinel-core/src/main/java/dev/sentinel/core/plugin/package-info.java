/**
 * The plugin SPI: a plugin validates a task's options into an immutable {@link
 * dev.sentinel.core.plugin.ProbeSpec}; the engine opens the task's {@link
 * dev.sentinel.core.plugin.Probe} from it and runs it within the run budget ({@link
 * dev.sentinel.core.plugin.RunBudget}). Plugins are found by type name through ServiceLoader.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so. {@link
 * dev.sentinel.core.plugin.TaskInfo#timeout()} is null where no task stands behind a probe (tests).
 */
package dev.sentinel.core.plugin;
