package dev.sentinel.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small reader of the Prometheus text format (0.0.4, and OpenMetrics' sample lines) for tests
 * that compare what an exporter served with what a backend holds. Comments are skipped; label
 * values are unescaped ({@code \\ \" \n}); an empty label value is left out, as Prometheus does. It
 * trusts its input: a malformed line fails with the line.
 */
public final class TextExposition {
  /** One sample line; {@code timestampMs} null when the line has none. */
  public record Line(String name, Map<String, String> labels, double value, Long timestampMs) {
    public Line {
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** The series with its name as {@code __name__}, e.g. for comparison with a backend's. */
    public Map<String, String> metric() {
      Map<String, String> m = new TreeMap<>(labels);
      m.put("__name__", name);
      return m;
    }
  }

  private TextExposition() {}

  public static List<Line> parse(String body) {
    List<Line> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        out.add(line(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cannot read exposition line: " + line, e);
      }
    }
    return out;
  }

  private static Line line(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new TreeMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq).strip();
        i = eq + 2; // past ="
        StringBuilder value = new StringBuilder();
        for (char c = line.charAt(i); c != '"'; c = line.charAt(++i)) {
          if (c == '\\') {
            char next = line.charAt(++i);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
        }
        i++; // past the closing quote
        if (!value.isEmpty()) {
          labels.put(label, value.toString());
        }
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++; // past }
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    double value = VictoriaMetricsServer.parseSpecial(rest[0]);
    Long ts = rest.length > 1 ? Long.valueOf(rest[1]) : null;
    return new Line(name, labels, value, ts);
  }
}
