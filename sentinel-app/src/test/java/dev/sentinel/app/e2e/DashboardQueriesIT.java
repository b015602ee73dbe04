package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sentinel.app.dashboards.Dashboards;
import dev.sentinel.testing.Dnsmasq;
import dev.sentinel.testing.ExternalServer;
import dev.sentinel.testing.Json;
import dev.sentinel.testing.PrometheusServer;
import dev.sentinel.testing.TestPki;
import dev.sentinel.testing.VictoriaMetricsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every shipped dashboard, with the variables substituted as Grafana would, against
 * what a real daemon pushed for a minute to a real VictoriaMetrics and a real Prometheus: each must
 * succeed on both and return numbers, except the panels listed in {@link #EXPECTED_EMPTY}.
 *
 * <p>The daemon has something for every panel: ping to 127.0.0.1, to a host in a namespace of ours
 * and to a dark address there (loss 100 %); http to a loopback server, to an https one of a
 * throw-away CA and to a closed port; tcp likewise; dns to a dnsmasq of ours, a name it has and one
 * it has not; netdev with link state; pcap with top talkers on the namespace's veth; and a
 * Pushgateway destination that answers 503, then 400, so that retries and drops exist too.
 */
class DashboardQueriesIT {
  /** {@code file/panel title} → why that panel has nothing here. None: every panel has data. */
  static final Map<String, String> EXPECTED_EMPTY = Map.of();

  /** What Grafana puts in place of each variable: one Sentinel, one region, every device. */
  static final Map<String, String> VARIABLES =
      Map.of(
          "sentinel", "dashboards",
          "region", "test",
          "device_id", ".*",
          "datasource", "prometheus",
          "__rate_interval", "1m",
          "__interval", "15s",
          "__range", "5m");

  @TempDir static Path dir;
  static TestNetwork network;
  static LoopbackTargets targets;
  static HttpsServer https;
  static HttpServer gateway;
  static Dnsmasq dnsmasq;
  static VictoriaMetricsServer vm;
  static PrometheusServer prometheus;
  static SentinelProcess daemon;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    network = TestNetwork.create(false);
    targets = LoopbackTargets.start();
    TestPki pki = TestPki.create(dir.resolve("pki"));
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    https.setHttpsConfigurator(new HttpsConfigurator(pki.context(pki.server())));
    https.createContext("/", ex -> answer(ex, 200));
    https.start();
    // A Pushgateway that fails every batch: first 503 (retried), then 400 (dropped).
    AtomicInteger requests = new AtomicInteger();
    gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    gateway.createContext("/", ex -> answer(ex, requests.getAndIncrement() % 2 == 0 ? 503 : 400));
    gateway.start();
    dnsmasq = Dnsmasq.start(List.of("--host-record=probe.test,127.0.0.1"));
    int dnsPort = dnsmasq.port();
    vm = VictoriaMetricsServer.start();
    prometheus = PrometheusServer.start();
    int port = EndToEndIT.freePort();
    int web = targets.web.getAddress().getPort();
    int tls = https.getAddress().getPort();
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            sentinel: {name: dashboards, region: test}
            buffer: {type: disk, disk_path: %s}
            sender:
              flush_interval: 1s
              retry: {min_backoff: 200ms, max_backoff: 1s}
              direct:
                victoria_metrics: {enabled: true, url: "%s"}
                prometheus: {enabled: true, url: "%s"}
                pushgateway: {enabled: true, url: "http://127.0.0.1:%d"}
            tasks:
              - {id: ping, plugin: ping, interval: 2s, config: {count: 3, targets: [127.0.0.1, %s, %s]}}
              - {id: web, plugin: http, interval: 2s, config: {url: "http://127.0.0.1:%d/"}}
              - {id: web-tls, plugin: http, interval: 2s, config: {url: "https://127.0.0.1:%d/", tls: {ca_file: %s}}}
              - {id: web-down, plugin: http, interval: 2s, config: {url: "http://127.0.0.1:%d/"}}
              - {id: greeting, plugin: tcp, interval: 2s, config: {host: 127.0.0.1, port: %d}}
              - {id: tcp-tls, plugin: tcp, interval: 2s, config: {host: 127.0.0.1, port: %d, tls: true, tls_config: {ca_file: %s}}}
              - {id: tcp-down, plugin: tcp, interval: 2s, config: {host: 127.0.0.1, port: %d}}
              - {id: dns, plugin: dns, interval: 2s, config: {query_name: probe.test, server: "127.0.0.1:%d"}}
              - {id: dns-missing, plugin: dns, interval: 2s, config: {query_name: missing.test, server: "127.0.0.1:%d"}}
              - {id: host-net, plugin: netdev, interval: 2s, config: {link: true}}
              - {id: capture, plugin: pcap, interval: 2s, config: {interface: %s, top_talkers: 5}}
            logging: {output: file, file_path: %s}
            self_metrics: {listen: "127.0.0.1:%d"}
            """
                .formatted(
                    dir.resolve("spool"),
                    vm.writeUrl(),
                    prometheus.writeUrl(),
                    gateway.getAddress().getPort(),
                    network.host(),
                    network.dark(),
                    web,
                    tls,
                    pki.ca(),
                    targets.refusedPort,
                    targets.greeting.getLocalPort(),
                    tls,
                    pki.ca(),
                    targets.refusedPort,
                    dnsPort,
                    dnsPort,
                    network.hostInterface(),
                    dir.resolve("sentinel.log"),
                    port));
    daemon = SentinelProcess.start(dir, "start", "-c", config.toString());
  }

  static void answer(com.sun.net.httpserver.HttpExchange ex, int status)
      throws java.io.IOException {
    ex.getRequestBody().readAllBytes();
    byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try (TestNetwork n = network;
        LoopbackTargets t = targets;
        VictoriaMetricsServer v = vm;
        PrometheusServer p = prometheus;
        SentinelProcess d = daemon;
        Dnsmasq dns = dnsmasq) {
      if (https != null) {
        https.stop(0);
      }
      if (gateway != null) {
        gateway.stop(0);
      }
    }
  }

  @Test
  void everyPanelQueryReturnsNumbersFromBothBackends() {
    List<Dashboards.Query> queries = Dashboards.queries();
    assertThat(queries).hasSizeGreaterThan(50);
    assertThat(EXPECTED_EMPTY.keySet())
        .as("expected-empty panels exist")
        .allSatisfy(k -> assertThat(queries).anyMatch(q -> q.panelKey().equals(k)));
    // A minute of pushes, then until every query has data on both (rate() needs two points in
    // its minute, a run every 2 s and a flush every second).
    List<String> problems = new ArrayList<>();
    await()
        .pollDelay(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(180))
        .untilAsserted(
            () -> {
              problems.clear();
              for (ExternalServer backend : List.<ExternalServer>of(vm, prometheus)) {
                for (Dashboards.Query q : queries) {
                  String problem = check(backend, q);
                  if (problem != null) {
                    problems.add(problem);
                  }
                }
              }
              assertThat(problems).as("daemon output: %s", daemon.output()).isEmpty();
            });
  }

  /** Null when {@code q} answers as it should on {@code backend}, else what is wrong. */
  static String check(ExternalServer backend, Dashboards.Query q) throws Exception {
    String expr = Dashboards.substitute(q.expr(), VARIABLES);
    long end = System.currentTimeMillis() / 1000;
    String url =
        backend.baseUrl()
            + "/api/v1/query_range?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8)
            + "&start="
            + (end - 60)
            + "&end="
            + end
            + "&step=15";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    String where =
        backend.getClass().getSimpleName() + " " + q.panelKey() + " " + q.refId() + " " + expr;
    if (r.statusCode() != 200) {
      return where + ": HTTP " + r.statusCode() + " " + r.body();
    }
    Map<String, Object> body = Json.object(Json.parse(r.body()));
    if (!"success".equals(body.get("status"))) {
      return where + ": " + r.body();
    }
    Map<String, Object> data = Json.object(body.get("data"));
    if (!List.of("matrix", "vector").contains(data.get("resultType"))) {
      return where + ": resultType " + data.get("resultType");
    }
    List<Object> result = Json.array(data.get("result"));
    for (Object s : result) {
      Map<String, Object> series = Json.object(s);
      List<Object> values =
          series.get("values") != null
              ? Json.array(series.get("values"))
              : List.of(series.get("value"));
      for (Object v : values) {
        String value = (String) Json.array(v).get(1);
        if (Double.isNaN(Double.parseDouble(value))) {
          return where + ": NaN in " + series;
        }
      }
    }
    boolean expectedEmpty = EXPECTED_EMPTY.containsKey(q.panelKey());
    if (result.isEmpty() && !expectedEmpty) {
      return where + ": no data";
    }
    return null;
  }
}
