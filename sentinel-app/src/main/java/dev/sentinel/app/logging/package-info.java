/**
 * Logback, used only here: {@code logging.*} applied in code, one JSON object per line,
 * lumberjack-style rotation, and the quiet set-up one-shot commands start with.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.app.logging;
