package dev.sentinel.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector.MetricFamilySamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Sentinel's own metrics as {@code /metrics} serves them, checked against docs/metrics.md: every
 * documented name and label set exists, nothing undocumented is served, per-destination and other
 * gauges are read when scraped, and the process/JVM collectors are there.
 */
class SelfMetricsTest {
  private static final Path DOCS = Path.of("..", "docs", "metrics.md");

  /** Documented with the others, but registered by the engine (it owns the buffer). */
  private static final String ENGINE_GAUGE = "sentinel_buffer_samples";

  /** Gauges the engine registers itself (EngineReloadTest sees them pushed). */
  private static final Set<String> ENGINE_GAUGES =
      Set.of(
          ENGINE_GAUGE,
          "sentinel_last_flush_timestamp_seconds",
          "sentinel_flush_interval_seconds",
          "sentinel_spool_bytes",
          "sentinel_spool_max_bytes");

  private static final Pattern OWN_ROW =
      Pattern.compile("^\\| `(sentinel_[a-z_]+)` \\|\\s*([a-z_, ]*?)\\s*\\|");

  private final SelfMetrics metrics = new SelfMetrics("1.2.3");

  /**
   * Name (as served: counters with _total) → label names, from the "Sentinel's own metrics" table.
   */
  private static Map<String, List<String>> documented() throws IOException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DOCS)) {
      Matcher m = OWN_ROW.matcher(line);
      if (m.find()) {
        String labels = m.group(2).trim();
        rows.put(m.group(1), labels.isEmpty() ? List.of() : List.of(labels.split(",\\s*")));
      }
    }
    return rows;
  }

  /** Every sample served now: sample name → its label names. */
  private Map<String, Set<List<String>>> served() {
    Map<String, Set<List<String>>> out = new LinkedHashMap<>();
    for (MetricFamilySamples f : Collections.list(metrics.registry().metricFamilySamples())) {
      for (MetricFamilySamples.Sample s : f.samples) {
        out.computeIfAbsent(s.name, n -> new HashSet<>()).add(s.labelNames);
      }
    }
    return out;
  }

  /** Calls every recording method once, so labelled series exist. */
  private void recordOneOfEverything() {
    metrics.collected(1);
    metrics.sent("vm", 1);
    metrics.failed("vm", 1);
    metrics.dropped("vm", "buffer_full", 1);
    metrics.retried("vm");
    metrics.spoolCorruption();
    metrics.scheduleLag(0.01);
    metrics.taskRun("t1", "success");
    metrics.pendingGauge("vm", () -> 0);
    metrics.oldestAgeGauge("vm", () -> 0);
    metrics.lastSuccessGauge("vm", () -> 0);
    metrics.workerGauges(() -> 2, () -> 0, () -> 0);
  }

  @Test
  void everyDocumentedMetricIsServedWithItsDocumentedLabels() throws IOException {
    recordOneOfEverything();
    Map<String, List<String>> docs = documented();
    assertThat(docs).as("rows read from " + DOCS).hasSizeGreaterThan(15).containsKey(ENGINE_GAUGE);
    Map<String, Set<List<String>>> served = served();
    docs.forEach(
        (name, labels) -> {
          if (!ENGINE_GAUGES.contains(name)) {
            assertThat(served).as(name).containsKey(name);
            assertThat(served.get(name)).as(name + " labels").containsExactly(labels);
          }
        });
  }

  @Test
  void nothingUndocumentedIsServedUnderSentinelsName() throws IOException {
    recordOneOfEverything();
    Set<String> docs = documented().keySet();
    Set<String> undocumented = new TreeSet<>();
    for (String name : served().keySet()) {
      String base = name.replaceAll("_(created|count|sum)$", ""); // counter and summary companions
      if (name.startsWith("sentinel_")
          && !docs.contains(name)
          && !docs.contains(base)
          && !docs.contains(base + "_total")) {
        undocumented.add(name);
      }
    }
    assertThat(undocumented).isEmpty();
  }

  @Test
  void countersAddUpByLabel() {
    metrics.collected(3);
    metrics.collected(2);
    metrics.sent("vm", 10);
    metrics.sent("file", 1);
    metrics.dropped("vm", "rejected", 4);
    metrics.retried("vm");
    metrics.retried("vm");
    assertThat(metrics.value("sentinel_samples_collected_total")).isEqualTo(5);
    assertThat(metrics.value("sentinel_samples_sent_total", "destination", "vm")).isEqualTo(10);
    assertThat(metrics.value("sentinel_samples_sent_total", "destination", "file")).isEqualTo(1);
    assertThat(
            metrics.value(
                "sentinel_samples_dropped_total", "destination", "vm", "reason", "rejected"))
        .isEqualTo(4);
    assertThat(metrics.value("sentinel_sender_retries_total", "destination", "vm")).isEqualTo(2);
    assertThat(metrics.value("sentinel_samples_failed_total", "destination", "vm"))
        .as("absent reads as 0")
        .isZero();
  }

  @Test
  void taskRunsTotalSumsOneOutcomeOverAllTasks() {
    metrics.taskRun("a", "success");
    metrics.taskRun("a", "success");
    metrics.taskRun("b", "success");
    metrics.taskRun("a", "timeout");
    assertThat(metrics.taskRunsTotal("success")).isEqualTo(3);
    assertThat(metrics.taskRunsTotal("timeout")).isEqualTo(1);
    assertThat(metrics.taskRunsTotal("failure")).isZero();
    assertThat(metrics.value("sentinel_task_runs_total", "task_id", "a", "outcome", "success"))
        .isEqualTo(2);
  }

  @Test
  void perDestinationGaugesAreReadAtScrapeTime() {
    AtomicLong vmPending = new AtomicLong(5);
    AtomicLong filePending = new AtomicLong(0);
    metrics.pendingGauge("vm", vmPending::get);
    metrics.pendingGauge("file", filePending::get);
    metrics.oldestAgeGauge("vm", () -> 12.5);
    metrics.lastSuccessGauge("vm", () -> 1_700_000_000);
    assertThat(metrics.value("sentinel_destination_pending_samples", "destination", "vm"))
        .isEqualTo(5);

    vmPending.set(7);
    filePending.set(3);

    assertThat(metrics.value("sentinel_destination_pending_samples", "destination", "vm"))
        .isEqualTo(7);
    assertThat(metrics.value("sentinel_destination_pending_samples", "destination", "file"))
        .isEqualTo(3);
    assertThat(metrics.value("sentinel_destination_oldest_unsent_age_seconds", "destination", "vm"))
        .isEqualTo(12.5);
    assertThat(
            metrics.value(
                "sentinel_destination_last_success_timestamp_seconds", "destination", "vm"))
        .isEqualTo(1_700_000_000);
  }

  @Test
  void gaugesAndWorkerGaugesAreReadAtScrapeTime() {
    AtomicLong held = new AtomicLong(1);
    metrics.gauge(ENGINE_GAUGE, "Samples held in the buffer.", held::get);
    AtomicLong busy = new AtomicLong(0);
    metrics.workerGauges(() -> 4, () -> (int) busy.get(), () -> 9);
    held.set(42);
    busy.set(3);
    assertThat(metrics.value(ENGINE_GAUGE)).isEqualTo(42);
    assertThat(metrics.value("sentinel_task_workers")).isEqualTo(4);
    assertThat(metrics.value("sentinel_task_workers_busy")).isEqualTo(3);
    assertThat(metrics.value("sentinel_task_runs_queued")).isEqualTo(9);
  }

  @Test
  void scheduleLagIsASummaryWithTheDocumentedQuantiles() {
    for (int i = 1; i <= 100; i++) {
      metrics.scheduleLag(i / 1000.0);
    }
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds_count")).isEqualTo(100);
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds", "quantile", "0.99"))
        .isBetween(0.098, 0.1);
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds", "quantile", "0.5"))
        .isBetween(0.045, 0.055);
    assertThat(metrics.value("sentinel_task_schedule_lag_seconds", "quantile", "0.9")).isPositive();
  }

  @Test
  void buildInfoCarriesTheVersionAndEachEngineHasItsOwnRegistry() {
    SelfMetrics other = new SelfMetrics("9.9.9");
    metrics.collected(5);
    assertThat(metrics.value("sentinel_build_info", "version", "1.2.3")).isEqualTo(1);
    assertThat(other.value("sentinel_build_info", "version", "1.2.3")).isZero();
    assertThat(other.value("sentinel_samples_collected_total")).isZero();
    assertThat(other.registry()).isNotSameAs(metrics.registry());
  }

  @Test
  void theProcessAndJvmCollectorsAreThereAsDocumented() throws IOException {
    String text = Files.readString(DOCS);
    String table = text.substring(text.indexOf("The process and the JVM"));
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("`((?:process|jvm)_[a-z_]+)`").matcher(table);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).as("names read from " + DOCS).hasSizeGreaterThan(10);
    assertThat(served().keySet()).containsAll(names);
    assertThat(metrics.value("jvm_memory_bytes_used", "area", "heap")).isPositive();
    assertThat(metrics.value("process_open_fds")).isPositive();
  }
}
