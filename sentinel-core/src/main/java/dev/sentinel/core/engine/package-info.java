/**
 * The running daemon: scheduler fires queue task runs on the worker pool, one watchdog enforces
 * every run's timeout, runs go into the buffer, and one sender loop per destination drains it every
 * flush interval with the retry policy. Stopping flushes within the shutdown timeout.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.core.engine;
