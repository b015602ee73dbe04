package dev.sentinel.plugins.ping;

import java.util.Objects;
import java.util.Optional;

/**
 * What one ping run measured.
 *
 * @param host the host as requested
 * @param address the address it resolved to, or {@code null} when unknown
 * @param transmitted echoes sent
 * @param received distinct echoes answered (duplicates not counted)
 * @param duplicates extra replies for already answered echoes
 * @param lossPercent packet loss, 0 to 100; 100 when nothing was sent
 * @param rtt round-trip statistics, {@code null} when nothing came back with a time
 * @param error why the run could not measure at all (unknown host, missing binary); empty when it
 *     could
 */
public record PingOutcome(
    String host,
    String address,
    int transmitted,
    int received,
    int duplicates,
    double lossPercent,
    Rtt rtt,
    String error) {

  /** Round-trip times in milliseconds. */
  public record Rtt(double min, double avg, double max) {}

  public PingOutcome {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(error, "error");
    if (Double.isNaN(lossPercent) || lossPercent < 0 || lossPercent > 100) {
      throw new IllegalArgumentException("loss must be 0 to 100, not " + lossPercent);
    }
  }

  /** A run that measured nothing. */
  public static PingOutcome failed(String host, String error) {
    return new PingOutcome(host, null, 0, 0, 0, 100, null, error);
  }

  public Optional<String> resolvedAddress() {
    return Optional.ofNullable(address);
  }

  public Optional<Rtt> roundTrip() {
    return Optional.ofNullable(rtt);
  }

  public boolean hasError() {
    return !error.isEmpty();
  }
}
