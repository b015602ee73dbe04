package dev.sentinel.core.plugin;

import java.util.List;

/**
 * How the status page shows a plugin's tasks: which labels tell its targets apart, which of a
 * target's metrics are its key values, and what its history chart draws. A {@code band} chart is
 * Smokeping's: {@code low}–{@code high} around {@code middle}, coloured by {@code loss}; a {@code
 * line} chart draws {@code middle} (a duration; null: the run's duration) and the success ratio
 * from {@code success}.
 */
public record StatusView(
    List<String> targetLabels,
    List<KeyValue> values,
    String chart,
    String low,
    String middle,
    String high,
    String loss,
    String success) {

  /** A metric worth showing, with its short label and unit. */
  public record KeyValue(String metric, String label, String unit) {}

  /** Any plugin without its own view: one target per task, run duration and device_status. */
  public static final StatusView GENERIC = line(List.of(), List.of(), null, "device_status");

  public StatusView {
    targetLabels = List.copyOf(targetLabels);
    values = List.copyOf(values);
  }

  public static StatusView band(
      List<String> targetLabels,
      List<KeyValue> values,
      String low,
      String middle,
      String high,
      String loss,
      String success) {
    return new StatusView(targetLabels, values, "band", low, middle, high, loss, success);
  }

  public static StatusView line(
      List<String> targetLabels, List<KeyValue> values, String duration, String success) {
    return new StatusView(targetLabels, values, "line", null, duration, null, null, success);
  }
}
