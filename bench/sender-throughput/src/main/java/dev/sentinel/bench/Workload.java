package dev.sentinel.bench;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic series shaped like Sentinel's own output (benchmark only, never shipped): a metric name
 * plus 8 labels, the task labels (device_id, task_id, plugin), the probe's target (host), the
 * identity (sentinel, region) and two user labels (site, env). 9 labels with __name__.
 */
final class Workload {
  private static final String[] METRICS = {
    "ping_rtt_seconds", "ping_rtt_min_seconds", "ping_rtt_max_seconds", "ping_loss_ratio", "ping_reachable",
    "http_response_time_seconds", "http_status_code", "dns_lookup_seconds", "tcp_connect_seconds", "tls_cert_expiry_seconds"
  };
  private static final String[] PLUGINS = {
    "ping", "ping", "ping", "ping", "ping", "http", "http", "dns", "tcp", "http"
  };
  private static final String[] SITES = {"fra1", "ams2", "lon1", "par3", "waw1", "mad2", "mil1", "sto1"};

  /** The series' names and label sets; series {@code i} uses metric {@code i % 10}. */
  final String[] names;
  final Labels[] labels;
  private final SplittableRandom random = new SplittableRandom(42);

  Workload(int series) {
    names = new String[series];
    labels = new Labels[series];
    for (int i = 0; i < series; i++) {
      int m = i % METRICS.length;
      int target = i / METRICS.length;
      names[i] = METRICS[m];
      labels[i] =
          Labels.of(
              "device_id", String.format("edge-router-%05d", target % 5000),
              "task_id", PLUGINS[m] + "-core-" + (target % 50),
              "plugin", PLUGINS[m],
              "host", "10." + (target >> 16 & 255) + "." + (target >> 8 & 255) + "." + (target & 255),
              "sentinel", "sentinel-fra-01",
              "region", "eu-central",
              "site", SITES[target % SITES.length],
              "env", "prod");
    }
  }

  int size() {
    return names.length;
  }

  /** A value that looks measured: an RTT-like double with full mantissa, 0/1 for some kinds. */
  double value(int series) {
    String name = names[series];
    if (name.equals("ping_reachable")) {
      return random.nextInt(100) < 99 ? 1 : 0;
    }
    if (name.equals("http_status_code")) {
      return 200;
    }
    return 0.001 + random.nextDouble() * 0.05;
  }

  Sample sample(int series, long timestampMs) {
    return Sample.gauge(names[series], labels[series], value(series), timestampMs);
  }

  /**
   * A batch in buffer order: every series at one timestamp, then every series at the next (as a
   * task run appends all its targets' samples at once), {@code steps} timestamps 10 s apart.
   */
  List<Sample> batch(int steps, long startMs) {
    List<Sample> out = new ArrayList<>(steps * size());
    for (int t = 0; t < steps; t++) {
      for (int s = 0; s < size(); s++) {
        out.add(sample(s, startMs + t * 10_000L));
      }
    }
    return out;
  }
}
