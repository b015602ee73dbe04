package dev.sentinel.core.destination;

import dev.sentinel.core.options.Section;
import java.time.Duration;

/**
 * A kind of destination, found by {@link #type()} through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.sentinel.core.destination.DestinationProvider}). Its options live under
 * {@code sender.direct.<type>}.
 */
public interface DestinationProvider {
  /** The key under {@code sender.direct} (e.g. {@code victoria_metrics}). */
  String type();

  /**
   * Parses and validates the options (everything except {@code enabled} and {@code max_sample_age},
   * which core reads). Report problems through {@code options}. Reading local files (credentials,
   * certificates) is fine; no network I/O: this also runs for {@code sentinel check}.
   */
  DestinationSpec configure(Section options, SenderDefaults defaults);

  /**
   * How old a sample may be and still be worth sending, unless the user sets {@code
   * max_sample_age}; zero means no limit. (Prometheus rejects samples older than about an hour
   * behind its newest, so replaying an older backlog to it only produces 400s.)
   */
  default Duration defaultMaxSampleAge() {
    return Duration.ZERO;
  }
}
