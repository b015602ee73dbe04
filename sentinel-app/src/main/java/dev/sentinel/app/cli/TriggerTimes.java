package dev.sentinel.app.cli;

import dev.sentinel.core.options.Durations;
import java.time.Duration;

/** Command-line durations: like ping(8), a bare number means seconds. */
final class TriggerTimes {
  private TriggerTimes() {}

  static String seconds(String value) {
    return value.trim().matches("\\d+(\\.\\d+)?") ? value.trim() + "s" : value;
  }

  /** The hard limit for a one-shot probe: its own timeout plus slack for start-up. */
  static Duration budget(String timeout) {
    try {
      return Durations.parse(seconds(timeout)).plusSeconds(5);
    } catch (RuntimeException e) {
      return Duration.ofSeconds(30); // the plugin reports the bad value
    }
  }
}
