/**
 * The {@code netdev} plugin: the host's interface and protocol counters from {@code /proc} (and
 * link state from {@code /sys}), with optional per-second rates, and {@code trigger netdev}.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.plugins.netdev;
