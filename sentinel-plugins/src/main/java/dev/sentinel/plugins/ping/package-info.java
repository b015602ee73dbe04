/**
 * The {@code ping} plugin: its options (with the echo timing fitted to the task), the probe that
 * resolves its targets and turns what an echo engine measured into samples, the engines' selection,
 * the {@code ping} command engine, and {@code trigger ping}.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.plugins.ping;
