package dev.sentinel.core.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Summary;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/** Sentinel's own counters, served on {@code /metrics}. One registry per engine. */
public final class SelfMetrics {
  private final CollectorRegistry registry = new CollectorRegistry();
  private final Counter collected =
      Counter.build(
              "sentinel_samples_collected_total",
              "Samples produced by tasks and put into the buffer.")
          .register(registry);
  private final Counter sent =
      Counter.build("sentinel_samples_sent_total", "Samples a destination accepted.")
          .labelNames("destination")
          .register(registry);
  private final Counter failed =
      Counter.build(
              "sentinel_samples_failed_total",
              "Samples in send attempts that failed (a batch retried twice counts twice).")
          .labelNames("destination")
          .register(registry);
  private final Counter dropped =
      Counter.build(
              "sentinel_samples_dropped_total",
              "Samples given up on, by reason (buffer_full, rejected).")
          .labelNames("destination", "reason")
          .register(registry);
  private final Counter taskRuns =
      Counter.build(
              "sentinel_task_runs_total",
              "Task runs by outcome (success, failure, timeout, error, skipped_overlap,"
                  + " skipped_late, cancelled).")
          .labelNames("task_id", "outcome")
          .register(registry);
  private final Counter staleMarkers =
      Counter.build(
              "sentinel_stale_markers_total",
              "Staleness markers written for series that ended (their task or target was removed or"
                  + " changed by a reload).")
          .register(registry);
  private final Counter reloads =
      Counter.build(
              "sentinel_config_reloads_total",
              "Config reloads by result (success, failure); the start is not counted.")
          .labelNames("result")
          .register(registry);
  private final Gauge reloadSuccessful =
      Gauge.build(
              "sentinel_config_last_reload_successful",
              "1 when the last config load or reload succeeded (the running config is the file's),"
                  + " 0 when it failed (the previous config still runs).")
          .register(registry);
  private final Gauge reloadSuccessTime =
      Gauge.build(
              "sentinel_config_last_reload_success_timestamp_seconds",
              "When the config was last loaded successfully, at start or by a reload.")
          .register(registry);
  private final Counter spoolCorruptions =
      Counter.build(
              "sentinel_spool_corruptions_total",
              "Damaged spool data found and skipped (torn writes after a crash or power loss).")
          .register(registry);
  private final Counter retries =
      Counter.build("sentinel_sender_retries_total", "Batches that failed and will be tried again.")
          .labelNames("destination")
          .register(registry);
  private final Summary scheduleLag =
      Summary.build(
              "sentinel_task_schedule_lag_seconds",
              "How late task runs start after their scheduled time (quantiles over the last 10"
                  + " minutes).")
          .quantile(0.5, 0.01)
          .quantile(0.9, 0.005)
          .quantile(0.99, 0.001)
          .maxAgeSeconds(600)
          .register(registry);
  private final Gauge info =
      Gauge.build("sentinel_build_info", "Always 1; the version label says which Sentinel runs.")
          .labelNames("version")
          .register(registry);

  private final Map<String, DoubleSupplier> pending = new ConcurrentHashMap<>();
  private final Map<String, DoubleSupplier> oldestAge = new ConcurrentHashMap<>();
  private final Map<String, DoubleSupplier> lastSuccess = new ConcurrentHashMap<>();

  public SelfMetrics(String version) {
    info.labels(version).set(1);
    reloads.labels("success"); // both at 0 from the start, so rate() and increase() see the first
    reloads.labels("failure");
    // The process and JVM: RSS, CPU, open files (process_*), heap and its pools, GC, threads.
    new StandardExports().register(registry);
    new MemoryPoolsExports().register(registry);
    new GarbageCollectorExports().register(registry);
    new ThreadExports().register(registry);
    new Collector() {
      @Override
      public List<MetricFamilySamples> collect() {
        return List.of(
            perDestination(
                "sentinel_destination_pending_samples",
                "Samples in the buffer not yet delivered to the destination.",
                pending),
            perDestination(
                "sentinel_destination_oldest_unsent_age_seconds",
                "Age of the oldest sample not yet delivered to the destination (0 when none).",
                oldestAge),
            perDestination(
                "sentinel_destination_last_success_timestamp_seconds",
                "When the destination last accepted a batch (seconds since the epoch; 0: not yet).",
                lastSuccess));
      }
    }.register(registry);
  }

  public CollectorRegistry registry() {
    return registry;
  }

  public void staleMarkers(int n) {
    staleMarkers.inc(n);
  }

  /** A reload (or the start's load, with {@code counted} false) ended; {@code epochSeconds} now. */
  public void configLoaded(boolean success, boolean counted, double epochSeconds) {
    if (counted) {
      reloads.labels(success ? "success" : "failure").inc();
    }
    reloadSuccessful.set(success ? 1 : 0);
    if (success) {
      reloadSuccessTime.set(epochSeconds);
    }
  }

  /** Samples dropped for {@code destination}, by reason. */
  public java.util.Map<String, Double> droppedByReason(String destination) {
    java.util.Map<String, Double> out = new java.util.TreeMap<>();
    for (Collector.MetricFamilySamples f : dropped.collect()) {
      for (Collector.MetricFamilySamples.Sample s : f.samples) {
        if (s.name.endsWith("_total") && destination.equals(s.labelValues.get(0))) {
          out.merge(s.labelValues.get(1), s.value, Double::sum);
        }
      }
    }
    return out;
  }

  /** A task was removed by a reload: its run counts go (from /metrics and what is pushed). */
  public void forgetTask(String taskId) {
    for (Collector.MetricFamilySamples f : taskRuns.collect()) {
      for (Collector.MetricFamilySamples.Sample s : f.samples) {
        if (s.name.endsWith("_total") && taskId.equals(s.labelValues.get(0))) {
          taskRuns.remove(taskId, s.labelValues.get(1));
        }
      }
    }
  }

  /** A destination was removed by a reload: its per-destination gauges go. */
  public void forgetDestination(String destination) {
    pending.remove(destination);
    oldestAge.remove(destination);
    lastSuccess.remove(destination);
  }

  public void collected(int n) {
    collected.inc(n);
  }

  public void sent(String destination, int n) {
    sent.labels(destination).inc(n);
  }

  public void failed(String destination, int n) {
    failed.labels(destination).inc(n);
  }

  public void dropped(String destination, String reason, long n) {
    dropped.labels(destination, reason).inc(n);
  }

  public void spoolCorruption() {
    spoolCorruptions.inc();
  }

  public void retried(String destination) {
    retries.labels(destination).inc();
  }

  public void scheduleLag(double seconds) {
    scheduleLag.observe(seconds);
  }

  public void taskRun(String taskId, String outcome) {
    taskRuns.labels(taskId, outcome).inc();
  }

  /** Task runs with this outcome, all tasks together. */
  public double taskRunsTotal(String outcome) {
    double sum = 0;
    for (Collector.MetricFamilySamples f : taskRuns.collect()) {
      for (Collector.MetricFamilySamples.Sample s : f.samples) {
        if (s.name.endsWith("_total")
            && outcome.equals(s.labelValues.get(s.labelNames.indexOf("outcome")))) {
          sum += s.value;
        }
      }
    }
    return sum;
  }

  /** The task worker pool: its size, workers running a task, runs waiting for a worker. */
  public void workerGauges(IntSupplier size, IntSupplier busy, IntSupplier queued) {
    gauge(
        "sentinel_task_workers",
        "Threads that run tasks (collector.worker_pool_size, or sized from the tasks).",
        size::getAsInt);
    gauge("sentinel_task_workers_busy", "Task workers running a task now.", busy::getAsInt);
    gauge(
        "sentinel_task_runs_queued", "Task runs waiting for a free worker now.", queued::getAsInt);
  }

  /** A gauge whose value is read at scrape time. */
  public void gauge(String name, String help, DoubleSupplier value) {
    Gauge.build(name, help)
        .create()
        .setChild(
            new Gauge.Child() {
              @Override
              public double get() {
                return value.getAsDouble();
              }
            })
        .register(registry);
  }

  /** A gauge family with one sample per destination, each read at scrape time. */
  private static Collector.MetricFamilySamples perDestination(
      String name, String help, Map<String, DoubleSupplier> values) {
    List<Collector.MetricFamilySamples.Sample> samples = new ArrayList<>();
    values.forEach(
        (d, v) ->
            samples.add(
                new Collector.MetricFamilySamples.Sample(
                    name, List.of("destination"), List.of(d), v.getAsDouble())));
    return new Collector.MetricFamilySamples(name, Collector.Type.GAUGE, help, samples);
  }

  /** The number of samples a destination has not yet delivered, read at scrape time. */
  public void pendingGauge(String destination, DoubleSupplier value) {
    pending.put(destination, value);
  }

  /**
   * When a destination last accepted a batch, in seconds since the epoch (0: never), read at scrape
   * time.
   */
  public void lastSuccessGauge(String destination, DoubleSupplier epochSeconds) {
    lastSuccess.put(destination, epochSeconds);
  }

  /** Age of the oldest sample a destination has not delivered, read at scrape time. */
  public void oldestAgeGauge(String destination, DoubleSupplier seconds) {
    oldestAge.put(destination, seconds);
  }

  public double value(String name, String... labelPairs) {
    String[] names = new String[labelPairs.length / 2];
    String[] values = new String[labelPairs.length / 2];
    for (int i = 0; i < names.length; i++) {
      names[i] = labelPairs[2 * i];
      values[i] = labelPairs[2 * i + 1];
    }
    Double v = registry.getSampleValue(name, names, values);
    return v == null ? 0 : v;
  }
}
