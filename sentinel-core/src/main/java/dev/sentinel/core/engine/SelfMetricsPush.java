package dev.sentinel.core.engine;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sentinel's own health as samples: every {@code sentinel_*} series of {@code /metrics} (not the
 * {@code _created} ones) and the process' RSS and CPU, with the identity labels, stamped now. The
 * engine puts them in the buffer every flush interval, so the central side sees each agent's
 * backlog, drops and heartbeat ({@code sentinel_last_flush_timestamp_seconds}) through the same
 * destinations and spool, with or without a Pushgateway.
 */
final class SelfMetricsPush {
  /** Besides {@code sentinel_*}: what an agent's host is paying for it. */
  static final Set<String> PROCESS = Set.of("process_resident_memory_bytes", "process_cpu_seconds");

  private SelfMetricsPush() {}

  static List<Sample> snapshot(CollectorRegistry registry, Labels identity, long nowMs) {
    List<Sample> out = new ArrayList<>();
    for (Collector.MetricFamilySamples family : Collections.list(registry.metricFamilySamples())) {
      if (!family.name.startsWith("sentinel_") && !PROCESS.contains(family.name)) {
        continue;
      }
      for (Collector.MetricFamilySamples.Sample s : family.samples) {
        if (s.name.endsWith("_created") || Double.isNaN(s.value)) {
          continue;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < s.labelNames.size(); i++) {
          labels.put(s.labelNames.get(i), s.labelValues.get(i));
        }
        Sample.Kind kind =
            family.type == Collector.Type.COUNTER
                    || (family.type == Collector.Type.SUMMARY
                        && (s.name.endsWith("_count") || s.name.endsWith("_sum")))
                ? Sample.Kind.COUNTER
                : Sample.Kind.GAUGE;
        out.add(new Sample(s.name, Labels.of(labels).merge(identity), s.value, nowMs, kind));
      }
    }
    return out;
  }
}
