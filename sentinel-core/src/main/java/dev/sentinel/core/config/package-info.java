/**
 * Reading the config file into immutable values: YAML into a line-numbered node tree, the top-
 * level sections, the tasks (each holding its plugin's validated {@link
 * dev.sentinel.core.plugin.ProbeSpec}), and the defaults sized from the tasks (worker pool, memory
 * buffer).
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so. A task has either an interval or a cron
 * expression: the other is null or empty, as {@link dev.sentinel.core.config.TaskConfig} says.
 */
package dev.sentinel.core.config;
