package dev.sentinel.core.model;

import java.util.Objects;

/**
 * One measured value: metric name, labels, value and the time it was measured (ms since the epoch).
 * Immutable; the name is validated here and the labels were validated when made.
 */
public record Sample(String name, Labels labels, double value, long timestampMs, Kind kind) {

  /** How a backend should treat the value. */
  public enum Kind {
    GAUGE,
    COUNTER
  }

  public Sample {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(kind, "kind");
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid metric name \"" + name + "\"");
    }
    if (Double.isNaN(value)) {
      long bits = Double.doubleToRawLongBits(value);
      if (bits != STALE_NAN_BITS && bits != NORMAL_NAN_BITS) {
        // A probe's NaN is a bug (VictoriaMetrics silently drops NaN; an absent sample is the
        // honest encoding); only a value an exporter served as NaN is passed on, as NORMAL_NAN.
        throw new IllegalArgumentException("metric " + name + " has a NaN value");
      }
    }
  }

  /**
   * Prometheus' staleness marker: the NaN with exactly these bits says "this series ended here", so
   * queries stop showing it at once instead of after five minutes. Never a measured value.
   */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /**
   * Prometheus' ordinary NaN: a value an exporter served as {@code NaN} (e.g. a summary's quantile
   * without observations), passed on as such. Probes never make one.
   */
  public static final long NORMAL_NAN_BITS = 0x7ff8000000000001L;

  /** {@link #NORMAL_NAN_BITS} as a double. */
  public static final double NORMAL_NAN = Double.longBitsToDouble(NORMAL_NAN_BITS);

  /**
   * The staleness marker for the series {@code name}{@code labels}, ending at {@code timestampMs}.
   */
  public static Sample staleMarker(String name, Labels labels, long timestampMs, Kind kind) {
    return new Sample(name, labels, Double.longBitsToDouble(STALE_NAN_BITS), timestampMs, kind);
  }

  /** Whether this is a staleness marker rather than a value. */
  public boolean isStaleMarker() {
    return Double.doubleToRawLongBits(value) == STALE_NAN_BITS;
  }

  /**
   * Names found valid, by their hash: probes make many samples of a few constant names, and the
   * very same String is not checked again. Racy on purpose: a stale slot only means one more check.
   */
  private static final String[] VALID = new String[64];

  /** `[a-zA-Z_:][a-zA-Z0-9_:]*`, checked with a loop: this runs for every sample. */
  public static boolean isValidName(String name) {
    int slot = name.hashCode() & (VALID.length - 1);
    if (VALID[slot] == name) {
      return true;
    }
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || c == ':'
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    VALID[slot] = name;
    return true;
  }

  public static Sample gauge(String name, Labels labels, double value, long timestampMs) {
    return new Sample(name, labels, value, timestampMs, Kind.GAUGE);
  }

  @Override
  public String toString() {
    return name + labels + " " + value + " @" + timestampMs;
  }
}
