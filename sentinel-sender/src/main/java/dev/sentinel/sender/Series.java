package dev.sentinel.sender;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The samples of one series (metric name + labels) within a batch. Shared by the wire formats that
 * send one entry per series (remote write, VictoriaMetrics JSON lines).
 */
public record Series(String name, Labels labels, List<Sample> samples) {
  public Series {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
    samples = List.copyOf(samples);
  }

  private record Key(String name, Labels labels) {}

  /**
   * Groups a batch by (name, labels): series in order of first appearance, the samples of each
   * series in batch order (which the sender guarantees is time order per series).
   */
  public static List<Series> group(List<Sample> batch) {
    Map<Key, List<Sample>> bySeries = new LinkedHashMap<>();
    for (Sample s : batch) {
      bySeries.computeIfAbsent(new Key(s.name(), s.labels()), k -> new ArrayList<>()).add(s);
    }
    List<Series> out = new ArrayList<>(bySeries.size());
    bySeries.forEach((k, samples) -> out.add(new Series(k.name(), k.labels(), samples)));
    return out;
  }
}
