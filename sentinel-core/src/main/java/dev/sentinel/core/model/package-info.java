/**
 * The sample model: immutable samples and label sets, validated where they are made.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.core.model;
