package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.testing.Json;
import dev.sentinel.testing.PrometheusServer;
import dev.sentinel.testing.PushgatewayServer;
import dev.sentinel.testing.VictoriaMetricsServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task removed by a reload: its series end at once in Prometheus 2.42 and VictoriaMetrics 1.79
 * (staleness markers by remote write), and the Pushgateway group is rewritten without them.
 */
class StalenessIT {
  private static PrometheusServer prometheus;
  private static VictoriaMetricsServer vm;
  private static PushgatewayServer pushgateway;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void servers() {
    prometheus = PrometheusServer.start();
    vm = VictoriaMetricsServer.start();
    pushgateway = PushgatewayServer.start();
  }

  @AfterAll
  static void stop() {
    prometheus.close();
    vm.close();
    pushgateway.close();
  }

  private static final String GONE = "ping_rtt_ms{task_id=\"gone\",sentinel=\"stale-it\"}";
  private static final String KEPT = "ping_rtt_ms{task_id=\"kept\",sentinel=\"stale-it\"}";

  private static String config(Path dir, int port, boolean withGone) {
    return """
    sentinel: {name: stale-it}
    sender:
      flush_interval: 1s
      direct:
        prometheus: {enabled: true, url: "%s"}
        victoria_metrics: {enabled: true, url: "%s"}
        pushgateway: {enabled: true, url: "%s"}
    tasks:
      - {id: kept, plugin: ping, interval: 1s, config: {host: 127.0.0.1, count: 1}}
    %s
    logging: {output: file, file_path: %s}
    self_metrics: {listen: "127.0.0.1:%d"}
    """
        .formatted(
            prometheus.writeUrl(),
            vm.writeUrl(),
            pushgateway.baseUrl(),
            withGone
                ? "  - {id: gone, plugin: ping, interval: 1s, config: {host: 127.0.0.5, count: 1}}"
                : "",
            dir.resolve("sentinel.log"),
            port);
  }

  /** VictoriaMetrics' instant query: how many series answer {@code promql} now. */
  private int vmInstant(String promql) throws Exception {
    vm.forceFlush();
    String body =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            vm.baseUrl()
                                + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return Json.array(Json.object(Json.object(Json.parse(body)).get("data")).get("result")).size();
  }

  private boolean pushgatewayHas(String taskId) {
    return pushgateway.groups().stream()
        .flatMap(
            g ->
                g.families().entrySet().stream()
                    .filter(f -> f.getKey().startsWith("ping_"))
                    .map(Map.Entry::getValue))
        .flatMap(f -> f.metrics().stream())
        .anyMatch(m -> taskId.equals(m.labels().get("task_id")));
  }

  @Test
  void aRemovedTasksSeriesEndAtOnce(@TempDir Path dir) throws Exception {
    int port = EndToEndIT.freePort();
    Path config = Files.writeString(dir.resolve("config.yaml"), config(dir, port, true));
    try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  !prometheus.query(GONE).isEmpty()
                      && vmInstant(GONE) == 1
                      && pushgatewayHas("gone"));
      Files.writeString(config, config(dir, port, false));
      HttpResponse<String> reload =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/reload"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
      assertThat(reload.body()).contains("tasks: 1 kept, 0 changed, 0 added, 1 removed");
      long reloaded = System.nanoTime();
      // Within one flush interval (1 s), plus a second for the flush itself and the query.
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> prometheus.query(GONE).isEmpty());
      long tookMs = (System.nanoTime() - reloaded) / 1_000_000;
      assertThat(prometheus.query(KEPT)).hasSize(1);
      await().atMost(Duration.ofSeconds(2)).until(() -> vmInstant(GONE) == 0);
      assertThat(vmInstant(KEPT)).isEqualTo(1);
      await().atMost(Duration.ofSeconds(3)).until(() -> !pushgatewayHas("gone"));
      assertThat(pushgatewayHas("kept")).isTrue();
      // The raw samples are still there: only the query result ends, not the data.
      assertThat(prometheus.query(GONE.replace("}", "}[5m]"))).isNotEmpty();
      assertThat(tookMs).isLessThan(2000);
      assertThat(daemon.terminate()).as(daemon.output()).isZero();
    }
  }
}
