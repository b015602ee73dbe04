/**
 * Prometheus remote write 1.0 (protobuf and snappy, used only here) for the {@code
 * victoria_metrics} and {@code prometheus} destinations.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.sender.remotewrite;
