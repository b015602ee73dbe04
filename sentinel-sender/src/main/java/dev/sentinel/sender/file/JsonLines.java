package dev.sentinel.sender.file;

import dev.sentinel.core.model.JsonText;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.sender.Series;
import java.util.List;

/**
 * Writes a batch in the VictoriaMetrics {@code /api/v1/import} JSON-lines format, one line per
 * series: {@code {"metric":{"__name__":"m","a":"b"},"values":[1.5],"timestamps":[1700000000000]}}.
 *
 * <p>Infinite values are written as the bare tokens {@code +Inf} / {@code -Inf}, exactly as
 * VictoriaMetrics' own {@code /api/v1/export} writes them: VictoriaMetrics 1.79 (Debian bookworm)
 * imports those but skips the whole line for the quoted forms {@code "Inf"} / {@code "-Inf"}
 * (verified). Such a line is not strict JSON; lines without infinities are.
 */
public final class JsonLines {
  private JsonLines() {}

  /**
   * The lines for a batch, each ending in {@code \n}; empty for an empty batch. Staleness markers
   * are left out: the import format has no way to say "ended" (VictoriaMetrics drops a NaN there).
   */
  public static String format(List<Sample> batch) {
    StringBuilder sb = new StringBuilder();
    List<Sample> values = batch;
    if (batch.stream().anyMatch(Sample::isStaleMarker)) {
      values = batch.stream().filter(s -> !s.isStaleMarker()).toList();
    }
    for (Series series : Series.group(values)) {
      appendLine(sb, series);
    }
    return sb.toString();
  }

  static void appendLine(StringBuilder sb, Series series) {
    sb.append("{\"metric\":{\"__name__\":");
    string(sb, series.name());
    Labels labels = series.labels();
    for (int i = 0; i < labels.size(); i++) {
      sb.append(',');
      string(sb, labels.name(i));
      sb.append(':');
      string(sb, labels.value(i));
    }
    sb.append("},\"values\":[");
    List<Sample> samples = series.samples();
    for (int i = 0; i < samples.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      value(sb, samples.get(i).value());
    }
    sb.append("],\"timestamps\":[");
    for (int i = 0; i < samples.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(samples.get(i).timestampMs());
    }
    sb.append("]}\n");
  }

  /**
   * A JSON number; infinities as VictoriaMetrics writes and reads them ({@code +Inf}, {@code
   * -Inf}).
   */
  static void value(StringBuilder sb, double v) {
    if (v == Double.POSITIVE_INFINITY) {
      sb.append("+Inf");
    } else if (v == Double.NEGATIVE_INFINITY) {
      sb.append("-Inf");
    } else if (Double.isNaN(v)) {
      sb.append("NaN"); // a scraped NaN (Sample.NORMAL_NAN); VictoriaMetrics skips it
    } else {
      JsonText.number(sb, v); // e.g. 3, 0.05 or 1.0E-7: valid JSON numbers
    }
  }

  static void string(StringBuilder sb, String s) {
    JsonText.quote(sb, s);
  }
}
