/**
 * The {@code pushgateway} destination: the latest value of every series, PUT as text to one group
 * per Sentinel.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.sender.pushgateway;
