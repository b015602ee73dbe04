package dev.sentinel.core.config;

import dev.sentinel.core.destination.DestinationSpec;
import java.time.Duration;
import java.util.List;

/** When and where samples go: flush cadence, batch size, timeouts and the enabled destinations. */
public record SenderConfig(
    Duration flushInterval,
    int batchSize,
    Duration timeout,
    Duration shutdownTimeout,
    List<DestinationSpec> destinations) {
  public SenderConfig {
    destinations = List.copyOf(destinations);
  }
}
