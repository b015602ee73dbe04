package dev.sentinel.core.metrics;

import java.util.List;

/** What {@code /readyz} reports: whether every destination is taking data, with a line each. */
@FunctionalInterface
public interface Readiness {
  Readiness ALWAYS = () -> new Report(true, List.of());

  Report check();

  /** {@code ready} when no destination's last attempt failed; {@code lines} say how each one is. */
  record Report(boolean ready, List<String> lines) {
    public Report {
      lines = List.copyOf(lines);
    }
  }
}
