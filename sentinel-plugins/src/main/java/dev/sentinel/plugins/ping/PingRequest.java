package dev.sentinel.plugins.ping;

import dev.sentinel.plugins.net.Addresses;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code ping} process's job: a host (an address literal when the probe resolved it), how many
 * echoes, the gap between them, how long to wait for each reply, and the packet options ({@code
 * size}, {@code ttl} 0 = default, {@code tos} -1 = default, {@code source} or null).
 */
public record PingRequest(
    String host,
    int count,
    Duration interval,
    Duration timeout,
    int size,
    int ttl,
    int tos,
    String source) {
  public PingRequest {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
  }

  public PingRequest(String host, int count, Duration interval, Duration timeout) {
    this(host, count, interval, timeout, EchoSpec.DEFAULT_SIZE, 0, -1, null);
  }

  /** The request for one target of a run. */
  static PingRequest of(PingTarget target, EchoSpec spec) {
    InetAddress source = spec.sourceFor(target);
    return new PingRequest(
        Addresses.text(target.address()),
        spec.count(),
        spec.interval(),
        spec.timeout(),
        spec.size(),
        spec.ttl(),
        spec.tos(),
        source == null ? null : Addresses.text(source));
  }
}
