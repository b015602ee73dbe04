/**
 * The destinations: one package per kind, found by type name through ServiceLoader, plus what they
 * share.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.sender;
