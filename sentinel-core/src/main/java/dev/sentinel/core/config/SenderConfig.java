package dev.sentinel.core.config;

import dev.sentinel.core.destination.RetryPolicy;
import java.time.Duration;
import java.util.List;

/** When and where samples go: flush cadence, batch limits, timeouts, retries, destinations. */
public record SenderConfig(
    Duration flushInterval,
    int batchSize,
    long maxBatchBytes,
    Duration timeout,
    Duration shutdownTimeout,
    RetryPolicy retry,
    List<DestinationConfig> destinations) {
  public SenderConfig {
    destinations = List.copyOf(destinations);
  }
}
