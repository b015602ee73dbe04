/**
 * Sentinel's core: what every module shares. Its subpackages hold the sample model, reading
 * options, the config, the plugin and destination SPIs, the buffer and spool, the scheduler, the
 * engine and the self-metrics.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.core;
