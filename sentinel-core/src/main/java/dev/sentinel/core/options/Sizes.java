package dev.sentinel.core.options;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes: {@code 4096}, {@code 512KB}, {@code 4MiB}, {@code 1.5GB}, {@code 1GiB}; and
 * formats them the same way.
 */
public final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile(
          "(\\d+(?:\\.\\d+)?)\\s*(?:([KMGTPE])(?:(i)B?|B)|B)?", Pattern.CASE_INSENSITIVE);
  private static final String PREFIXES = "KMGTPE";
  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private Sizes() {}

  /**
   * Bytes; a bare number is bytes. Throws with a message that says what would be right. A size past
   * {@link Long#MAX_VALUE} bytes is out of range, never cut down to fit.
   */
  public static long parse(String text) {
    String s = text == null ? "" : text.trim();
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size \"" + text + "\" (e.g. 512MB, 4MiB, 1GiB)");
    }
    BigDecimal bytes = new BigDecimal(m.group(1));
    if (m.group(2) != null) {
      int power = PREFIXES.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
      long base = m.group(3) == null ? 1000 : 1024;
      bytes = bytes.multiply(BigDecimal.valueOf(base).pow(power));
    }
    if (bytes.compareTo(MAX) > 0) {
      throw new OutOfRange(s);
    }
    return bytes.longValue();
  }

  /**
   * Formats like the input syntax, in the binary or decimal unit that divides the size exactly with
   * the smallest number: {@code 64KiB}, {@code 1GiB}, {@code 1MB}, {@code 1TB}, else {@code 1500B},
   * {@code 0}.
   */
  public static String format(long bytes) {
    if (bytes == 0) {
      return "0";
    }
    String best = bytes + "B";
    long bestMantissa = bytes;
    for (long base : new long[] {1024, 1000}) {
      long n = bytes;
      int power = 0;
      while (n % base == 0 && power < PREFIXES.length()) {
        n /= base;
        power++;
      }
      if (power > 0 && n < bestMantissa) {
        best = n + PREFIXES.substring(power - 1, power) + (base == 1024 ? "iB" : "B");
        bestMantissa = n;
      }
    }
    return best;
  }

  /** Bytes for people, rounded: {@code 256MiB}, {@code 1.5GiB}, {@code 715MiB}, {@code 900B}. */
  public static String approximate(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    if (v == Math.rint(v) || v >= 10) {
      return Math.round(v) + units[i];
    }
    return String.format(Locale.ROOT, "%.1f", v) + units[i];
  }
}
