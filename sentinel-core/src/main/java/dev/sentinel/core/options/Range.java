package dev.sentinel.core.options;

import java.util.function.Function;

/**
 * The values a key accepts: {@code min} to {@code max}, and {@code off} (when not null), a value
 * outside that which turns the feature off, described by {@code offMeans} (e.g. "no limit"). {@link
 * #toString()} is the text of an out-of-range message: {@code 1MiB to 1TiB, or 0 for no limit},
 * each bound written by {@code format} like the input syntax.
 */
public record Range<T extends Comparable<? super T>>(
    T min, T max, Function<T, String> format, T off, String offMeans) {

  public Range(T min, T max, Function<T, String> format) {
    this(min, max, format, null, null);
  }

  public boolean contains(T value) {
    return (off != null && value.compareTo(off) == 0)
        || (value.compareTo(min) >= 0 && value.compareTo(max) <= 0);
  }

  @Override
  public String toString() {
    String range = format.apply(min) + " to " + format.apply(max);
    return off == null ? range : range + ", or " + format.apply(off) + " for " + offMeans;
  }
}
