package dev.sentinel.core.destination;

import java.util.Objects;

/**
 * What became of a batch: delivered, worth retrying later (network error, 5xx, 429), or rejected
 * for good (other 4xx: retrying would fail the same way). The reason is short text for the log.
 */
public record SendResult(Status status, String reason) {
  public enum Status {
    DELIVERED,
    RETRY,
    REJECTED
  }

  public static final SendResult DELIVERED = new SendResult(Status.DELIVERED, "");

  public SendResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
  }

  public static SendResult retry(String reason) {
    return new SendResult(Status.RETRY, reason);
  }

  public static SendResult rejected(String reason) {
    return new SendResult(Status.REJECTED, reason);
  }

  public boolean delivered() {
    return status == Status.DELIVERED;
  }
}
