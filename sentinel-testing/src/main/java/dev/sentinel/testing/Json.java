package dev.sentinel.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON reader for tests: objects become {@code LinkedHashMap<String,Object>}, arrays {@code
 * List<Object>}, numbers {@link BigDecimal} (exact, so millisecond timestamps survive), strings,
 * booleans and null. Also reads the bare {@code +Inf}, {@code -Inf}, {@code Inf} and {@code NaN}
 * that VictoriaMetrics writes in {@code /api/v1/export}, as {@link Double}.
 */
public final class Json {
  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  public static Object parse(String text) {
    Json p = new Json(text);
    p.skipSpace();
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object v) {
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object: " + v);
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> array(Object v) {
    if (!(v instanceof List)) {
      throw new IllegalArgumentException("not a JSON array: " + v);
    }
    return (List<Object>) v;
  }

  /** A map of strings (e.g. a label set). */
  public static Map<String, String> strings(Object v) {
    Map<String, String> out = new LinkedHashMap<>();
    object(v).forEach((k, x) -> out.put(k, (String) x));
    return out;
  }

  private Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return parseObject();
      case '[':
        return parseArray();
      case '"':
        return parseString();
      case 't':
        expect("true");
        return Boolean.TRUE;
      case 'f':
        expect("false");
        return Boolean.FALSE;
      case 'n':
        expect("null");
        return null;
      default:
        return parseNumber();
    }
  }

  private Map<String, Object> parseObject() {
    Map<String, Object> out = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return out;
    }
    while (true) {
      skipSpace();
      String key = parseString();
      skipSpace();
      consume(':');
      skipSpace();
      out.put(key, value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else {
        consume('}');
        return out;
      }
    }
  }

  private List<Object> parseArray() {
    List<Object> out = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return out;
    }
    while (true) {
      skipSpace();
      out.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else {
        consume(']');
        return out;
      }
    }
  }

  private String parseString() {
    consume('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> sb.append(e); // " \ /
      }
    }
  }

  private Object parseNumber() {
    for (String special : new String[] {"+Inf", "-Inf", "Inf", "NaN"}) {
      if (text.startsWith(special, pos)) {
        pos += special.length();
        return special.equals("NaN")
            ? Double.NaN
            : special.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
    }
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      throw error("unexpected character '" + text.charAt(pos) + "'");
    }
    return new BigDecimal(text.substring(start, pos));
  }

  private void expect(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private void consume(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    String near = text.substring(Math.max(0, pos - 20), Math.min(text.length(), pos + 20));
    return new IllegalArgumentException("bad JSON at " + pos + " (" + what + "): …" + near + "…");
  }
}
