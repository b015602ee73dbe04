/**
 * The options every HTTP client of Sentinel shares — the http plugin and the HTTP destinations:
 * url, authentication (with the one rule for secret files: re-read when they change), proxy, and
 * URL redaction. Immutable values, no HTTP library: each user builds its own client from them.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so. Optional parts of the options (no proxy, no
 * authentication) are said by their types or documented as nullable.
 */
package dev.sentinel.core.client;
