/**
 * The {@code dns} plugin: one query per run to one server (dnsjava, used only here), its rcode and
 * answer checks, and {@code trigger dns}.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.plugins.dns;
