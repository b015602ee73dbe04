package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.testing.Json;
import dev.sentinel.testing.VictoriaMetricsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-hour defects, as a user meets them, in one run with the DEFAULT timeouts, worker pool
 * and buffer: many tasks of every plugin against targets that are up, silent (accept and never
 * answer, or ignore echoes), refusing, and dark (an address in a namespace of ours with no host),
 * with VictoriaMetrics away for part of the run. Every task runs on schedule; every failing run
 * reports its failure samples (the plugin's own, not a bare {@code device_status 0}); nothing is
 * dropped; {@code /healthz} answers throughout; and SIGTERM during a healthy run does not report
 * its target down.
 */
class SoakIT {
  private static final Duration OUTAGE_AFTER = Duration.ofSeconds(30);
  private static final Duration OUTAGE = Duration.ofSeconds(40);
  private static final Duration RUN = Duration.ofSeconds(100);

  /** Tasks whose every run must fail, and the sample that says so (value 0, or 100 for loss). */
  private static final Map<String, String> FAILING =
      Map.ofEntries(
          Map.entry("ping-silent", "ping_packet_loss"),
          Map.entry("ping-dark", "ping_reachable"),
          Map.entry("tcp-silent", "tcp_success"),
          Map.entry("tcp-silent-tls", "tcp_success"),
          Map.entry("tcp-refused", "tcp_success"),
          Map.entry("tcp-dark", "tcp_success"),
          Map.entry("http-dark", "http_success"),
          Map.entry("dns-tcp-silent", "dns_success"),
          Map.entry("dns-udp-silent", "dns_success"));

  private static final int SILENT_HTTP = 12;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void everyTaskRunsOnScheduleAndEveryFailureIsReportedWithTheDefaults(@TempDir Path dir)
      throws Exception {
    try (TestNetwork up = TestNetwork.create(false);
        TestNetwork quiet = TestNetwork.create(true);
        LoopbackTargets servers = LoopbackTargets.start();
        VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
      int metricsPort = EndToEndIT.freePort();
      Path config = dir.resolve("config.yaml");
      Path samples = dir.resolve("samples.jsonl");
      Path log = dir.resolve("sentinel.log");
      Files.writeString(config, config(up, quiet, servers, vm, samples, log, metricsPort));

      SentinelProcess.Result check = SentinelProcess.run(dir, "check", "-c", config.toString());
      assertThat(check.exitCode()).as(check.output()).isZero();
      assertThat(check.output()).doesNotContain("warning");

      List<String> healthFailures = new CopyOnWriteArrayList<>();
      AtomicInteger healthAnswers = new AtomicInteger();
      AtomicBoolean polling = new AtomicBoolean(true);
      long elapsedMs;
      String metricsAtStop;
      try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
        long started = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> get(metricsPort, "/healthz").statusCode() == 200);
        Thread poller =
            new Thread(
                () -> pollHealth(metricsPort, polling, healthAnswers, healthFailures), "healthz");
        poller.start();

        sleepUntil(started, OUTAGE_AFTER);
        vm.stop();
        Thread.sleep(OUTAGE.toMillis());
        vm.restart();
        sleepUntil(started, RUN);
        // Stop while the healthy 10-echo ping is in the middle of a run (its runs take 9.5 s of
        // 10).
        long seen = statuses(samples, "ping-up").size();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> statuses(samples, "ping-up").size() > seen);
        Thread.sleep(3_000);
        metricsAtStop = get(metricsPort, "/metrics").body();
        elapsedMs = (System.nanoTime() - started) / 1_000_000;
        polling.set(false);
        poller.join();
        assertThat(daemon.terminate()).as("exit code after SIGTERM").isZero();
      }

      // /healthz answered throughout, the backend outage included.
      assertThat(healthFailures).isEmpty();
      assertThat(healthAnswers.get()).isGreaterThan((int) (RUN.toSeconds()));

      String logText = Files.readString(log);
      assertThat(logText)
          .doesNotContain("OutOfMemoryError")
          .doesNotContain("probe failed")
          .doesNotContain("Task run failed")
          .doesNotContain("Task run skipped")
          .doesNotContain("Buffer full");
      assertThat(logText).contains("\"msg\":\"Task runs cancelled by shutdown");

      Map<String, List<double[]>> status = new HashMap<>();
      for (String task : taskIds()) {
        status.put(task, statuses(samples, task));
      }
      // Every task ran on schedule: about elapsed / interval runs (less the first offset and the
      // run cut short by the stop), none skipped, none cut off by the hard timeout.
      for (String task : taskIds()) {
        long interval = intervalOf(task);
        assertThat(status.get(task).size())
            .as("runs of %s", task)
            .isBetween((int) (elapsedMs / interval) - 2, (int) (elapsedMs / interval) + 1);
        for (String outcome : List.of("skipped_overlap", "skipped_late", "timeout", "error")) {
          assertThat(
                  selfMetric(
                      metricsAtStop,
                      "sentinel_task_runs_total{task_id=\""
                          + task
                          + "\",outcome=\""
                          + outcome
                          + "\",}"))
              .as("%s runs of %s", outcome, task)
              .isLessThanOrEqualTo(0);
        }
      }
      // Every failing run reported its own failure samples, not just device_status 0.
      for (Map.Entry<String, String> f : FAILING.entrySet()) {
        List<double[]> runs = status.get(f.getKey());
        assertThat(runs).as(f.getKey()).allSatisfy(s -> assertThat(s[1]).isZero());
        double failed = f.getValue().equals("ping_packet_loss") ? 100 : 0;
        assertThat(values(samples, f.getKey(), f.getValue()))
            .as("%s of %s", f.getValue(), f.getKey())
            .hasSize(runs.size())
            .containsOnly(failed);
        assertThat(logText).contains("\"msg\":\"Target down\",\"task_id\":\"" + f.getKey() + "\"");
      }
      for (String task : List.of("tcp-silent", "tcp-silent-tls", "tcp-dark")) {
        assertThat(values(samples, task, "tcp_failure_info"))
            .as(task)
            .hasSize(status.get(task).size());
      }
      assertThat(values(samples, "ping-silent", "ping_packets_sent"))
          .as("every echo of the run was sent")
          .containsOnly(10.0);
      for (int i = 0; i < SILENT_HTTP; i++) {
        String task = "http-silent-" + i;
        assertThat(values(samples, task, "http_success"))
            .as(task)
            .hasSize(status.get(task).size())
            .containsOnly(0.0);
      }
      // The healthy ones stayed up, the stop in the middle of a run included.
      for (String task :
          List.of("ping-up", "ping-ns", "ping-many", "tcp-up", "http-up", "host-net")) {
        assertThat(status.get(task))
            .as(task)
            .isNotEmpty()
            .allSatisfy(s -> assertThat(s[1]).isEqualTo(1));
      }
      // Nothing dropped, and VictoriaMetrics holds every run the file destination recorded.
      assertThat(
              metricsAtStop
                  .lines()
                  .filter(l -> l.startsWith("sentinel_samples_dropped_total"))
                  .toList())
          .isEmpty();
      Set<String> recorded = new TreeSet<>();
      status.forEach((task, runs) -> runs.forEach(r -> recorded.add(task + "@" + (long) r[0])));
      Set<String> stored = new TreeSet<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                stored.clear();
                vm.export("{__name__=\"device_status\"}")
                    .forEach(
                        s ->
                            s.timestamps()
                                .forEach(t -> stored.add(s.metric().get("task_id") + "@" + t)));
                return stored.containsAll(recorded);
              });
      assertThat(stored).containsAll(recorded);
    }
  }

  /** The config: defaults everywhere but the destinations, the listener and where logs go. */
  private static String config(
      TestNetwork up,
      TestNetwork quiet,
      LoopbackTargets s,
      VictoriaMetricsServer vm,
      Path samples,
      Path log,
      int metricsPort) {
    StringBuilder many = new StringBuilder();
    for (int i = 1; i <= 50; i++) {
      many.append(i == 1 ? "" : ", ").append("127.0.8.").append(i);
    }
    StringBuilder silentHttp = new StringBuilder();
    for (int i = 0; i < SILENT_HTTP; i++) {
      silentHttp
          .append("  - {id: http-silent-")
          .append(i)
          .append(", plugin: http, interval: 15s, config: {url: \"http://127.0.0.1:")
          .append(s.silent.getLocalPort())
          .append("/\"}}\n");
    }
    return """
    sentinel: {name: soak}
    sender:
      direct:
        victoria_metrics: {enabled: true, url: "%s"}
        file: {enabled: true, path: %s}
    tasks:
      - {id: ping-up, plugin: ping, interval: 10s, config: {host: 127.0.0.1, count: 10}}
      - {id: ping-ns, plugin: ping, interval: 5s, config: {host: %s}}
      - {id: ping-silent, plugin: ping, interval: 10s, config: {host: %s, count: 10, interval: 1s}}
      - {id: ping-dark, plugin: ping, interval: 5s, config: {host: %s}}
      - {id: ping-many, plugin: ping, interval: 5s, config: {count: 1, targets: [%s]}}
      - {id: tcp-up, plugin: tcp, interval: 5s, config: {host: 127.0.0.1, port: %d, query_response: [{expect: "^220"}]}}
      - {id: tcp-silent, plugin: tcp, interval: 5s, config: {host: 127.0.0.1, port: %d, query_response: [{expect: "^220"}]}}
      - {id: tcp-silent-tls, plugin: tcp, interval: 5s, config: {host: 127.0.0.1, port: %d, tls: true}}
      - {id: tcp-refused, plugin: tcp, interval: 5s, config: {host: 127.0.0.1, port: %d}}
      - {id: tcp-dark, plugin: tcp, interval: 5s, config: {host: %s, port: 80}}
      - {id: http-up, plugin: http, interval: 5s, config: {url: "http://127.0.0.1:%d/"}}
      - {id: http-dark, plugin: http, interval: 5s, config: {url: "http://%s/"}}
      - {id: dns-tcp-silent, plugin: dns, interval: 5s, config: {query_name: example.org, server: "127.0.0.1:%d", transport: tcp}}
      - {id: dns-udp-silent, plugin: dns, interval: 5s, config: {query_name: example.org, server: "127.0.0.1:%d"}}
      - {id: host-net, plugin: netdev, interval: 5s}
    %slogging: {output: file, file_path: %s}
    self_metrics: {listen: "127.0.0.1:%d"}
    """
        .formatted(
            vm.writeUrl(),
            samples,
            up.host(),
            quiet.host(),
            up.dark(),
            many,
            s.greeting.getLocalPort(),
            s.silent.getLocalPort(),
            s.silent.getLocalPort(),
            s.refusedPort,
            up.dark(),
            s.web.getAddress().getPort(),
            up.dark(),
            s.silent.getLocalPort(),
            s.silentUdp.getLocalPort(),
            silentHttp,
            log,
            metricsPort);
  }

  private static List<String> taskIds() {
    List<String> ids =
        new ArrayList<>(
            List.of(
                "ping-up",
                "ping-ns",
                "ping-silent",
                "ping-dark",
                "ping-many",
                "tcp-up",
                "tcp-silent",
                "tcp-silent-tls",
                "tcp-refused",
                "tcp-dark",
                "http-up",
                "http-dark",
                "dns-tcp-silent",
                "dns-udp-silent",
                "host-net"));
    for (int i = 0; i < SILENT_HTTP; i++) {
      ids.add("http-silent-" + i);
    }
    return ids;
  }

  private static long intervalOf(String task) {
    if (task.startsWith("http-silent")) {
      return 15_000;
    }
    return task.equals("ping-up") || task.equals("ping-silent") ? 10_000 : 5_000;
  }

  /** {timestamp, value} of every device_status of {@code task} in the file destination. */
  static List<double[]> statuses(Path file, String task) throws IOException {
    return points(file, task, "device_status");
  }

  private static List<Double> values(Path file, String task, String metric) throws IOException {
    return points(file, task, metric).stream().map(p -> p[1]).toList();
  }

  private static List<double[]> points(Path file, String task, String metric) throws IOException {
    List<double[]> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file)) {
      Map<String, Object> o = Json.object(Json.parse(line));
      Map<String, String> labels = Json.strings(o.get("metric"));
      if (!metric.equals(labels.get("__name__")) || !task.equals(labels.get("task_id"))) {
        continue;
      }
      List<Object> ts = Json.array(o.get("timestamps"));
      List<Object> vs = Json.array(o.get("values"));
      for (int i = 0; i < ts.size(); i++) {
        out.add(
            new double[] {((Number) ts.get(i)).doubleValue(), ((Number) vs.get(i)).doubleValue()});
      }
    }
    return out;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(2))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void pollHealth(
      int port, AtomicBoolean polling, AtomicInteger answers, List<String> failures) {
    while (polling.get()) {
      try {
        int code = get(port, "/healthz").statusCode();
        if (code == 200) {
          answers.incrementAndGet();
        } else {
          failures.add("HTTP " + code);
        }
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        failures.add(e.toString());
      }
    }
  }

  private static double selfMetric(String body, String series) {
    return body.lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  private static void sleepUntil(long startedNanos, Duration at) throws InterruptedException {
    long left = startedNanos + at.toNanos() - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000);
    }
  }
}
