package dev.sentinel.core.plugin.trigger;

import dev.sentinel.core.options.Durations;
import java.time.Duration;

/** Command-line durations: like ping(8), a bare number means seconds. */
public final class TriggerTimes {
  private TriggerTimes() {}

  /** {@code 2} → {@code 2s}; a duration with a unit is kept as it is. */
  public static String seconds(String value) {
    return value.trim().matches("\\d+(\\.\\d+)?") ? value.trim() + "s" : value;
  }

  /** The hard limit for a one-shot probe: its own timeout plus slack for start-up. */
  public static Duration budget(String timeout) {
    try {
      return Durations.parse(seconds(timeout)).plusSeconds(5);
    } catch (RuntimeException e) {
      return Duration.ofSeconds(30); // the plugin reports the bad value
    }
  }
}
