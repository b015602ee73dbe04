package dev.sentinel.app.cli;

import dev.sentinel.core.model.JsonText;
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
    StringBuilder sb = new StringBuilder("{\"name\":");
    JsonText.quote(sb, s.name());
    sb.append(",\"labels\":{");
    Labels l = s.labels();
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      JsonText.quote(sb, l.name(i));
      sb.append(':');
      JsonText.quote(sb, l.value(i));
    }
    sb.append("},\"value\":");
    if (Double.isInfinite(s.value())) {
      JsonText.quote(sb, s.value() > 0 ? "+Inf" : "-Inf");
    } else {
      JsonText.number(sb, s.value());
    }
    return sb.append(",\"timestamp\":").append(s.timestampMs()).append('}').toString();
  }

  private static String number(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    StringBuilder sb = new StringBuilder();
    JsonText.number(sb, v);
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
