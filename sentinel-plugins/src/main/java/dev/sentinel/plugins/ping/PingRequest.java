package dev.sentinel.plugins.ping;

import java.time.Duration;
import java.util.Objects;

/**
 * What to ping: an already validated host, how many echoes, the gap between them and how long to
 * wait for each reply.
 */
public record PingRequest(String host, int count, Duration interval, Duration timeout) {
  public PingRequest {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
  }
}
