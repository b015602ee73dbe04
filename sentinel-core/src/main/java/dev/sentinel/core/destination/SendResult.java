package dev.sentinel.core.destination;

import java.time.Duration;
import java.util.Objects;

/**
 * What became of a batch: delivered, worth retrying later (network error, 5xx, 429), or rejected
 * for good (other 4xx: retrying would fail the same way). The reason is short text for the log;
 * {@code retryAfter} is the earliest retry the receiver asked for (zero: the loop's backoff).
 */
public record SendResult(Status status, String reason, Duration retryAfter) {
  public enum Status {
    DELIVERED,
    RETRY,
    REJECTED
  }

  public static final SendResult DELIVERED = new SendResult(Status.DELIVERED, "", Duration.ZERO);

  public SendResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public SendResult(Status status, String reason) {
    this(status, reason, Duration.ZERO);
  }

  /** Worth retrying; the sender loop backs off by its retry policy. */
  public static SendResult retry(String reason) {
    return new SendResult(Status.RETRY, reason);
  }

  /** Worth retrying, but not before {@code after} (e.g. HTTP 429 with Retry-After). */
  public static SendResult retryAfter(String reason, Duration after) {
    return new SendResult(Status.RETRY, reason, after);
  }

  public static SendResult rejected(String reason) {
    return new SendResult(Status.REJECTED, reason);
  }

  public boolean delivered() {
    return status == Status.DELIVERED;
  }
}
