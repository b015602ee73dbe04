/**
 * The {@code pcap} plugin: packets and bytes by protocol and direction on one interface through
 * libpcap (pcap4j, used only here), continuous or in a window per run, and {@code trigger pcap}.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.plugins.pcap;
