/**
 * What an echo engine is: it sends ICMP echoes to many targets at once and reports each target's
 * result; the ping probe and both engines (native sockets, the ping command) share these types.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so. A reply's TTL or an address that is unknown is -1
 * or null, as each type documents.
 */
package dev.sentinel.plugins.ping.echo;
