package dev.sentinel.plugins.netdev;

/**
 * One value read from the kernel before it becomes a sample: kept as the kernel's 64-bit integer so
 * tables print it exactly and rates subtract exactly (a double loses the low bits above 2^53).
 *
 * @param name the metric name
 * @param iface the interface, or {@code null} for host-wide values
 * @param raw the value; unsigned when {@code counter}
 */
record Reading(String name, String iface, long raw, boolean counter) {
  /** The value as a double, reading {@code raw} as unsigned for counters. */
  double value() {
    return counter ? unsigned(raw) : raw;
  }

  /** {@code v} read as an unsigned 64-bit integer. */
  static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }

  /** The series this reading belongs to (what a rate is keyed by). */
  String key() {
    return iface == null ? name : name + "\u0000" + iface;
  }

  String text() {
    return counter ? Long.toUnsignedString(raw) : Long.toString(raw);
  }
}
