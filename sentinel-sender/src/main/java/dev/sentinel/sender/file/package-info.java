/**
 * The {@code file} destination: JSON lines in VictoriaMetrics' import format, appended to a file.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.sender.file;
