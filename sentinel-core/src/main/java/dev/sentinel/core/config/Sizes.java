package dev.sentinel.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes: {@code 4096}, {@code 512KB}, {@code 4MiB}, {@code 1.5GB}, {@code 1GiB}. */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?i?B?)", Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  /** Bytes; a bare number is bytes. Throws with a message that says what would be right. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size \"" + text + "\" (e.g. 512MB, 4MiB, 1GiB)");
    }
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    double n = Double.parseDouble(m.group(1));
    boolean binary = unit.contains("I");
    double base = binary ? 1024 : 1000;
    int power = unit.isEmpty() || unit.equals("B") ? 0 : "KMGT".indexOf(unit.charAt(0)) + 1;
    if (!unit.isEmpty() && !unit.equals("B") && !unit.endsWith("B") && !binary) {
      throw new IllegalArgumentException("invalid size \"" + text + "\" (e.g. 512MB, 4MiB, 1GiB)");
    }
    return (long) (n * Math.pow(base, power));
  }

  /** Bytes for people: {@code 256MiB}, {@code 1.5GiB}, {@code 715MiB} (rounded), {@code 900B}. */
  public static String format(long bytes) {
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
