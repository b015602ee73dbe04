/**
 * Throttling repeated log lines. All of Sentinel logs through SLF4J with key/value pairs; the
 * binding (logback) is the application's.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.core.logging;
