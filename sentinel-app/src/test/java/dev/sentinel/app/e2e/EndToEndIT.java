package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.testing.Json;
import dev.sentinel.testing.PrometheusServer;
import dev.sentinel.testing.VictoriaMetricsServer;
import dev.sentinel.testing.VictoriaMetricsServer.ExportedSeries;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon, started as users start it ({@code bin/sentinel start -c FILE}), pinging
 * 127.0.0.1 every second and pushing to a real VictoriaMetrics and a real Prometheus 2.42.
 */
class EndToEndIT {
  private static VictoriaMetricsServer vm;
  private static PrometheusServer prometheus;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startBackends() {
    vm = VictoriaMetricsServer.start();
    prometheus = PrometheusServer.start();
  }

  @AfterAll
  static void stopBackends() {
    if (vm != null) {
      vm.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void daemonPushesPingSamplesToVictoriaMetricsAndPrometheusAndStopsCleanly(@TempDir Path dir)
      throws Exception {
    int metricsPort = freePort();
    Path config = dir.resolve("config.yaml");
    Files.writeString(
        config,
        """
        sentinel:
          name: e2e-sentinel
          region: ci
          labels: {env: test}
        sender:
          flush_interval: 1s
          direct:
            victoria_metrics: {enabled: true, url: "%s"}
            prometheus: {enabled: true, url: "%s"}
        tasks:
          - id: ping-loopback
            device_id: loopback
            plugin: ping
            interval: 1s
            labels: {site: lab}
            config: {host: 127.0.0.1, count: 1, timeout: 500ms}
        logging:
          format: json
          output: file
          file_path: %s
        self_metrics:
          listen: "127.0.0.1:%d"
        """
            .formatted(
                vm.writeUrl(),
                prometheus.writeUrl(),
                dir.resolve("logs/sentinel.log"),
                metricsPort));

    try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
      List<ExportedSeries> rtt =
          vm.awaitExport(
              "{__name__=\"ping_rtt_ms\"}",
              got -> got.stream().mapToInt(s -> s.values().size()).sum() >= 3,
              Duration.ofSeconds(60));
      assertThat(rtt).hasSize(1);
      ExportedSeries series = rtt.get(0);
      assertThat(series.metric())
          .containsAllEntriesOf(
              Map.of(
                  "__name__",
                  "ping_rtt_ms",
                  "device_id",
                  "loopback",
                  "task_id",
                  "ping-loopback",
                  "plugin",
                  "ping",
                  "host",
                  "127.0.0.1",
                  "sentinel",
                  "e2e-sentinel",
                  "region",
                  "ci",
                  "env",
                  "test",
                  "site",
                  "lab"));
      assertThat(series.values()).allSatisfy(v -> assertThat(v).isPositive().isLessThan(100.0));
      assertThat(series.timestamps()).isSorted();
      long now = System.currentTimeMillis();
      assertThat(series.timestamps()).allSatisfy(t -> assertThat(t).isBetween(now - 120_000, now));

      List<ExportedSeries> status = vm.export("{__name__=\"device_status\"}");
      assertThat(status)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.metric())
                    .containsEntry("task_id", "ping-loopback")
                    .containsEntry("plugin", "ping");
                assertThat(s.values()).containsOnly(1.0);
              });
      assertThat(vm.export("{__name__=\"ping_packet_loss\"}").get(0).values()).containsOnly(0.0);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(prometheus.query("ping_reachable{task_id=\"ping-loopback\"}"))
                      .singleElement()
                      .satisfies(
                          s -> {
                            assertThat(s.metric())
                                .containsEntry("sentinel", "e2e-sentinel")
                                .containsEntry("host", "127.0.0.1");
                            assertThat(s.points().get(0).value()).isEqualTo(1.0);
                          }));
      assertThat(prometheus.query("ping_rtt_ms").get(0).points().get(0).value()).isPositive();
      assertThat(prometheus.query("ping_packets_sent").get(0).points().get(0).value())
          .isEqualTo(1.0);

      String metrics = get("http://127.0.0.1:" + metricsPort + "/metrics");
      assertThat(metrics)
          .contains("sentinel_samples_sent_total{destination=\"victoria_metrics\",}")
          .contains("sentinel_task_runs_total{task_id=\"ping-loopback\",outcome=\"success\",}");
      assertThat(get("http://127.0.0.1:" + metricsPort + "/healthz")).isEqualTo("ok\n");

      assertThat(daemon.terminate()).as(daemon.output()).isZero();
    }

    List<Map<String, Object>> stopped =
        Files.readAllLines(dir.resolve("logs/sentinel.log")).stream()
            .map(l -> Json.object(Json.parse(l)))
            .filter(l -> "Sender stopped".equals(l.get("msg")))
            .toList();
    assertThat(stopped)
        .extracting(l -> l.get("destination"))
        .containsExactlyInAnyOrder("victoria_metrics", "prometheus");
    assertThat(stopped)
        .allSatisfy(
            l -> {
              assertThat(((Number) l.get("success_count")).longValue()).isPositive();
              assertThat(((Number) l.get("failed_count")).longValue()).isZero();
              assertThat(((Number) l.get("pending_count")).longValue()).isZero();
              assertThat(l).containsKeys("ts", "level", "logger");
            });
  }

  @Test
  void checkOnABrokenConfigExitsTwoWithOneLinePerProblemAndNoStackTrace(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("broken.yaml");
    Files.writeString(
        config,
        "sender:\n  flush_interval: 10\ntasks:\n  - id: a\n    plugin: pnig\n    interval: 1s\n");
    SentinelProcess.Result r = SentinelProcess.run(dir, "check", "-c", config.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output().lines().toList())
        .containsExactly(
            config + ":2: sender.flush_interval: \"10\" has no unit (write e.g. 10s or 10ms)",
            config
                + ":5: tasks[0].plugin: unknown plugin \"pnig\" (did you mean ping?); known: dns,"
                + " http, netdev, pcap, ping, scrape, tcp");
  }

  @Test
  void versionAndTriggerRunThroughTheLauncher(@TempDir Path dir) throws Exception {
    SentinelProcess.Result v = SentinelProcess.run(dir, "version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.output()).startsWith("sentinel 0.1.0");
    SentinelProcess.Result t =
        SentinelProcess.run(dir, "trigger", "ping", "127.0.0.1", "-n", "2", "-i", "0.2");
    assertThat(t.exitCode()).as(t.output()).isZero();
    assertThat(t.output())
        .contains("icmp_seq=1", "icmp_seq=2", "2 packets transmitted, 2 received, 0% packet loss")
        .contains(
            "ping_rtt_ms{device_id=\"127.0.0.1\",host=\"127.0.0.1\",plugin=\"ping\",task_id=\"trigger\"}")
        .contains("device_status{");

    Files.writeString(dir.resolve("hosts.txt"), "# loopback only\n127.0.0.1\n::1\n");
    SentinelProcess.Result many =
        SentinelProcess.run(
            dir,
            "trigger",
            "ping",
            "-f",
            dir.resolve("hosts.txt").toString(),
            "-n",
            "2",
            "-i",
            "0.2",
            "--method",
            "raw");
    assertThat(many.exitCode()).as(many.output()).isZero();
    assertThat(many.output().lines())
        .contains("PING 2 targets, 2 echoes each, via raw ICMP socket")
        .anyMatch(l -> l.startsWith("127.0.0.1 : xmt/rcv/%loss = 2/2/0%, min/avg/max = "))
        .anyMatch(l -> l.startsWith("::1 : xmt/rcv/%loss = 2/2/0%, min/avg/max = "))
        .contains("25 samples (not sent); --json prints them");

    SentinelProcess.Result exec =
        SentinelProcess.run(
            dir, "trigger", "ping", "127.0.0.1", "-n", "1", "--method", "exec", "--json");
    assertThat(exec.exitCode()).as(exec.output()).isZero();
    assertThat(exec.output().lines())
        .allMatch(l -> l.startsWith("{\"name\":"))
        .anyMatch(l -> l.contains("\"name\":\"ping_rtt_median_ms\""));
  }

  private String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
