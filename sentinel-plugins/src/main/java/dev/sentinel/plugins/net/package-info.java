/**
 * Helpers the network plugins share: host and source-address checks, which of a name's addresses to
 * use ({@link dev.sentinel.plugins.net.IpFamily}), the RFC 5952 address text, and the proxy of an
 * HTTP client ({@link dev.sentinel.plugins.net.ClientProxy}).
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.plugins.net;
