/**
 * Where samples wait for the destinations: the bounded memory buffer and the disk spool (segments,
 * CRC-checked records, each destination's acknowledged position). Each destination reads through
 * its own {@link dev.sentinel.core.buffer.Buffer.Reader}.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.core.buffer;
