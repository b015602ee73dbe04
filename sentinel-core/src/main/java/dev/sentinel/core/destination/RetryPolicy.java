package dev.sentinel.core.destination;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed batch again: capped exponential backoff with jitter, at least as late as the
 * receiver asked (Retry-After). One value object; the sender loop applies it in one place.
 *
 * @param minBackoff the first wait
 * @param maxBackoff the cap
 * @param multiplier growth per consecutive failure
 * @param jitter fraction of the wait randomised away (0.2: between 80 % and 100 %)
 */
public record RetryPolicy(
    Duration minBackoff, Duration maxBackoff, double multiplier, double jitter) {
  /** The longest Retry-After obeyed: a receiver asking for hours must not park a destination. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.2);

  public RetryPolicy {
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= min_backoff <= max_backoff");
    }
    if (multiplier < 1 || jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("need multiplier >= 1 and 0 <= jitter < 1");
    }
  }

  /**
   * The wait before retry number {@code failures} (1 after the first failure), never shorter than
   * {@code retryAfter} (itself capped at {@link #MAX_RETRY_AFTER}); {@code random} gives values in
   * [0, 1).
   */
  public Duration backoff(int failures, Duration retryAfter, DoubleSupplier random) {
    double base = minBackoff.toNanos() * Math.pow(multiplier, Math.max(0, failures - 1));
    double capped = Math.min(base, maxBackoff.toNanos());
    long wait = (long) (capped * (1 - jitter * random.getAsDouble()));
    Duration d = Duration.ofNanos(wait);
    Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    return asked.compareTo(d) > 0 ? asked : d;
  }
}
