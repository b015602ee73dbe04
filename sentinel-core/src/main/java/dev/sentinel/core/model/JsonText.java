package dev.sentinel.core.model;

/** JSON literals written by hand (log lines, JSON-lines output), so no JSON library is needed. */
public final class JsonText {
  private JsonText() {}

  /**
   * Appends {@code s} as a JSON string literal: quotes, backslashes and control characters escaped.
   */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Appends a finite number: whole values without a fraction ({@code 3}, not {@code 3.0}). */
  public static void number(StringBuilder sb, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      sb.append((long) v); // also turns -0.0 into 0
    } else {
      sb.append(v);
    }
  }
}
