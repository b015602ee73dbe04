package dev.sentinel.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations like {@code 500ms}, {@code 10s}, {@code 1m30s}, {@code 1d}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

  private Durations() {}

  /**
   * Returns the duration, or throws {@link IllegalArgumentException} with a message that says what
   * would be right. A bare number is an error: its unit would be a guess.
   */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.matches("\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException(
          "\"" + s + "\" has no unit (write e.g. " + s + "s or " + s + "ms)");
    }
    if (!WHOLE.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "invalid duration \"" + s + "\" (use ms, s, m, h, d, e.g. 30s, 1m30s, 500ms)");
    }
    Matcher m = PART.matcher(s);
    double nanos = 0;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      nanos +=
          switch (m.group(2)) {
            case "ms" -> n * 1e6;
            case "s" -> n * 1e9;
            case "m" -> n * 60e9;
            case "h" -> n * 3600e9;
            default -> n * 86400e9;
          };
    }
    return Duration.ofNanos((long) nanos);
  }

  /** Formats like the input syntax: {@code 1m30s}, {@code 500ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long ms = d.toMillis();
    if (ms % 1000 != 0 || ms < 1000) {
      return ms + "ms";
    }
    long s = ms / 1000;
    StringBuilder sb = new StringBuilder();
    if (s >= 3600) {
      sb.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      sb.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0) {
      sb.append(s).append('s');
    }
    return sb.toString();
  }
}
