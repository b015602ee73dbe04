package dev.sentinel.core.options;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations like {@code 500ms}, {@code 10s}, {@code 1m30s}, {@code 1d}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private Durations() {}

  /**
   * Returns the duration, or throws {@link IllegalArgumentException} with a message that says what
   * would be right. A bare number is an error: its unit would be a guess. A duration too long for
   * {@link Duration#toNanos()} (about 292 years) is out of range, never cut down to fit.
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
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find()) {
      long unit =
          switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
          };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new OutOfRange(s);
    }
    return Duration.ofNanos(nanos.toBigInteger().longValueExact());
  }

  /** Formats like the input syntax: {@code 1m30s}, {@code 500ms}, {@code 1d12h}. */
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
    long[] seconds = {86_400, 3600, 60, 1};
    String units = "dhms";
    for (int i = 0; i < seconds.length; i++) {
      if (s >= seconds[i]) {
        sb.append(s / seconds[i]).append(units.charAt(i));
        s %= seconds[i];
      }
    }
    return sb.toString();
  }
}
