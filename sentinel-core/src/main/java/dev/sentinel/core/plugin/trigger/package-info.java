/**
 * How a plugin offers {@code sentinel trigger <type>}: its arguments, described for the command
 * line to render, and a builder from the values the user gave to one run.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so. Arguments without a default or a value are absent
 * ({@link java.util.Optional}); {@link dev.sentinel.core.plugin.trigger.TriggerArg#defaultValue()}
 * and the label of a flag are null.
 */
package dev.sentinel.core.plugin.trigger;
