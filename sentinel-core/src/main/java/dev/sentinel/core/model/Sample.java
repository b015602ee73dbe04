package dev.sentinel.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One measured value: metric name, labels, value and the time it was measured (ms since the
 * epoch). Immutable; the name is validated here and the labels were validated when made.
 */
public record Sample(String name, Labels labels, double value, long timestampMs, Kind kind) {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /** How a backend should treat the value. */
  public enum Kind {
    GAUGE,
    COUNTER
  }

  public Sample {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(kind, "kind");
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name \"" + name + "\"");
    }
    if (Double.isNaN(value)) {
      // VictoriaMetrics silently drops NaN; an absent sample is the honest encoding.
      throw new IllegalArgumentException("metric " + name + " has a NaN value");
    }
  }

  public static Sample gauge(String name, Labels labels, double value, long timestampMs) {
    return new Sample(name, labels, value, timestampMs, Kind.GAUGE);
  }

  @Override
  public String toString() {
    return name + labels + " " + value + " @" + timestampMs;
  }
}
