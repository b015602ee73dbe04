/**
 * The destination SPI: a provider validates a destination's options into a spec, the spec opens the
 * destination, which sends one batch and says whether it was delivered, should be retried or was
 * rejected. Where data goes, never when.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.core.destination;
