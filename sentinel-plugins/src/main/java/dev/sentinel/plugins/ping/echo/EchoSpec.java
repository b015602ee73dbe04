package dev.sentinel.plugins.ping.echo;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How echoes are sent in one run, the same for every target.
 *
 * @param count echo requests per target
 * @param interval gap between two echoes to the same target
 * @param timeout how long to wait for each reply after its request was sent
 * @param size ICMP payload bytes (ping's {@code -s}; 56 gives 64-byte packets)
 * @param ttl IP TTL / IPv6 hop limit for the requests, or 0 for the system default
 * @param tos IPv4 TOS / IPv6 traffic class byte (DSCP &lt;&lt; 2), or -1 for the system default
 * @param source4 IPv4 source address to send from, or {@code null}
 * @param source6 IPv6 source address to send from, or {@code null}
 */
public record EchoSpec(
    int count,
    Duration interval,
    Duration timeout,
    int size,
    int ttl,
    int tos,
    InetAddress source4,
    InetAddress source6) {
  public static final int DEFAULT_SIZE = 56;

  public EchoSpec {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
  }

  public static EchoSpec of(int count, Duration interval, Duration timeout) {
    return new EchoSpec(count, interval, timeout, DEFAULT_SIZE, 0, -1, null, null);
  }

  /** The source address for {@code target}'s family, or {@code null}. */
  public InetAddress sourceFor(PingTarget target) {
    return target.ipv6() ? source6 : source4;
  }

  /** How long one target's run may take: every echo, then the last reply's wait. */
  public Duration runTime() {
    return interval.multipliedBy(count - 1L).plus(timeout);
  }
}
