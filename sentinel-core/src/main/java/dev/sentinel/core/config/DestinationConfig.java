package dev.sentinel.core.config;

import dev.sentinel.core.destination.DestinationSpec;
import java.time.Duration;

/** An enabled destination: its validated options and what core adds (zero age: no limit). */
public record DestinationConfig(DestinationSpec spec, Duration maxSampleAge) {
  public String name() {
    return spec.name();
  }
}
