/**
 * Reading options, a leaf package that the plugin and destination SPIs, TLS and the config use:
 * {@link dev.sentinel.core.options.Section} reads one mapping with typed, ranged accessors and
 * records every problem as {@code file:line: key.path: message}; durations, sizes and their
 * formats; what makes a path writable; the one-line text for a file that cannot be read.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so. Accessors that may find nothing return {@link
 * java.util.Optional} or take a fallback.
 */
package dev.sentinel.core.options;
