/**
 * The {@code tcp} plugin: a TCP connect, an optional TLS handshake and an optional send/expect
 * dialogue per run, and {@code trigger tcp}.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.plugins.tcp;
