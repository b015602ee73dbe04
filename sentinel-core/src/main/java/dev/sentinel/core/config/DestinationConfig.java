package dev.sentinel.core.config;

import dev.sentinel.core.destination.DestinationSpec;
import java.time.Duration;

/**
 * An enabled destination: its validated options and what core adds (zero age: no limit); {@code
 * digest} identifies its definition, with the sender settings it uses, for reloads.
 */
public record DestinationConfig(DestinationSpec spec, Duration maxSampleAge, String digest) {
  public DestinationConfig(DestinationSpec spec, Duration maxSampleAge) {
    this(spec, maxSampleAge, "");
  }

  public String name() {
    return spec.name();
  }
}
