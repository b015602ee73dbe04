/**
 * Sentinel's own metrics (simpleclient) and the readiness report; the application serves them.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.core.metrics;
