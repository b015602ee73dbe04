/**
 * The {@code http} plugin: one HTTP(S) request per run with phase timings, redirects,
 * status/header/body checks and TLS details (OkHttp, used here and in the HTTP destinations only),
 * and {@code trigger http}.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so. An HTTP response that has no status yet (a failed
 * connect) records -1, not null, where the code says so.
 */
package dev.sentinel.plugins.http;
