/**
 * The native echo engine: ICMP datagram or raw sockets through JNA (used only here), one engine
 * shared by every ping task, replies matched to their echoes by a receiver thread per address
 * family.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.plugins.ping.icmp;
