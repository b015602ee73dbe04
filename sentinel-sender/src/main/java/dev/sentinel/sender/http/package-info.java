/**
 * The HTTP transport every HTTP destination shares (OkHttp): one client per destination built from
 * the core client options, authentication, TLS, proxy, and one classification of responses into
 * delivered, retry or rejected.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.sender.http;
