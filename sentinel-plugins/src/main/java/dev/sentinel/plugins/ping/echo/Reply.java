package dev.sentinel.plugins.ping.echo;

/**
 * One echo reply.
 *
 * @param bytes ICMP bytes received
 * @param from the source as ping shows it ({@code 127.0.0.1} or {@code localhost (127.0.0.1)})
 * @param seq the ICMP sequence number (1-based)
 * @param ttl the reply's TTL / hop limit, or -1 when unknown
 * @param timeMs round-trip time in milliseconds, or -1 when unknown (tiny payloads carry no time)
 * @param duplicate a second reply for a sequence number already answered
 */
public record Reply(int bytes, String from, int seq, int ttl, double timeMs, boolean duplicate) {
  public boolean hasTime() {
    return timeMs >= 0;
  }
}
