package dev.sentinel.core.cli;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;

/** Renders samples for people (exposition-like) and for scripts (one JSON object a line). */
final class SampleText {
  private SampleText() {}

  static String exposition(Sample s) {
    StringBuilder sb = new StringBuilder(s.name()).append('{');
    Labels l = s.labels();
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(l.name(i)).append("=\"").append(escape(l.value(i))).append('"');
    }
    return sb.append("} ").append(number(s.value())).toString();
  }

  static String json(Sample s) {
    StringBuilder sb = new StringBuilder("{\"name\":\"").append(escape(s.name())).append("\",\"labels\":{");
    Labels l = s.labels();
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(escape(l.name(i))).append("\":\"").append(escape(l.value(i))).append('"');
    }
    return sb.append("},\"value\":").append(number(s.value())).append(",\"timestamp\":")
        .append(s.timestampMs()).append('}').toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : Double.toString(v);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
