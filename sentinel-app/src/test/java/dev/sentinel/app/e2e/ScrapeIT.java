package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.testing.NodeExporterServer;
import dev.sentinel.testing.PrometheusServer;
import dev.sentinel.testing.PrometheusServer.Point;
import dev.sentinel.testing.PrometheusServer.QueriedSeries;
import dev.sentinel.testing.TestExporter;
import dev.sentinel.testing.TextExposition;
import dev.sentinel.testing.VictoriaMetricsServer;
import dev.sentinel.testing.VictoriaMetricsServer.ExportedSeries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrape plugin end to end: ONE daemon (through bin/sentinel, with the disk spool) scrapes a
 * node_exporter and exporters of the test's own, and sends to a real VictoriaMetrics and a real
 * Prometheus; what they hold is compared with what the targets served. The servers and the daemon
 * start once for the class; the tests run in order, the VictoriaMetrics outage last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScrapeIT {
  private static final String USER = "scraper";
  private static final String PASSWORD = "s3cret-Pa55";
  private static final Duration OUTAGE = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static VictoriaMetricsServer vm;
  private static PrometheusServer prometheus;
  private static NodeExporterServer node;
  private static TestExporter own;
  private static TestExporter shrinking;
  private static TestExporter leaving;
  private static TestExporter many;
  private static TestExporter counter;
  private static SentinelProcess daemon;
  private static int metricsPort;
  private static long explicitTs;
  private static Path sdFile;
  private static final HttpClient http = HttpClient.newHttpClient();

  /** What Sentinel adds to every scraped series besides job and instance. */
  private static final Map<String, String> IDENTITY =
      Map.of("sentinel", "scrape-it", "region", "ci", "env", "test");

  private static final List<String> REPORT =
      List.of(
          "up",
          "scrape_duration_seconds",
          "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling",
          "scrape_series_added");

  @BeforeAll
  static void start() throws Exception {
    vm = VictoriaMetricsServer.start();
    prometheus = PrometheusServer.start();
    node = NodeExporterServer.start();
    // Recent enough for Prometheus' head block, and with milliseconds of its own.
    explicitTs = (System.currentTimeMillis() / 1000 - 30) * 1000 + 123;
    own = TestExporter.start(USER, PASSWORD);
    own.serve(TestExporter.knownSeries(explicitTs), TestExporter.TEXT);
    shrinking = TestExporter.start();
    shrinking.serve(
        "# TYPE steady gauge\nsteady 1\n# TYPE vanishing gauge\nvanishing 2\n", TestExporter.TEXT);
    leaving = TestExporter.start();
    leaving.serve("# TYPE leaving_metric gauge\nleaving_metric 3\n", TestExporter.TEXT);
    many = TestExporter.start();
    many.serve(
        IntStream.range(0, 20)
            .mapToObj(i -> "many_series{i=\"" + i + "\"} " + i + "\n")
            .collect(Collectors.joining("", "# TYPE many_series gauge\n", "")),
        TestExporter.TEXT);
    counter = TestExporter.start();
    counter.serveCounter("served_requests");

    Path passwordFile = Files.writeString(dir.resolve("exporter-password"), PASSWORD + "\n");
    Files.createDirectories(dir.resolve("sd"));
    sdFile = dir.resolve("sd/targets.json");
    writeSd(true);
    metricsPort = EndToEndIT.freePort();
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            sentinel: {name: scrape-it, region: ci, labels: {env: test}}
            buffer: {type: disk, disk_path: %s}
            sender:
              flush_interval: 1s
              retry: {min_backoff: 200ms, max_backoff: 2s}
              direct:
                victoria_metrics: {enabled: true, url: "%s"}
                prometheus: {enabled: true, url: "%s"}
            tasks:
              - id: own
                device_id: exporter-box
                plugin: scrape
                interval: 1s
                labels: {site: lab}
                config:
                  job: exporter
                  targets: ["%s"]
                  username: %s
                  password_file: %s
                  metric_relabel:
                    - {source_labels: [__name__], regex: debug_metric, action: drop}
                    - {source_labels: [old_name], regex: "(.+)", target_label: new_name}
                    - {action: labeldrop, regex: old_name}
              - {id: node, plugin: scrape, interval: 2s, config: {targets: ["%s"]}}
              - id: stale
                plugin: scrape
                interval: 1s
                config: {file_sd: {files: ["%s"], refresh_interval: 1s}}
              - {id: limited, plugin: scrape, interval: 1s, config: {targets: ["%s"], sample_limit: 5}}
              - {id: counter, plugin: scrape, interval: 1s, config: {targets: ["%s"]}}
            logging: {output: file, file_path: %s}
            self_metrics: {listen: "127.0.0.1:%d"}
            """
                .formatted(
                    dir.resolve("spool"),
                    vm.writeUrl(),
                    prometheus.writeUrl(),
                    own.address(),
                    USER,
                    passwordFile,
                    node.address(),
                    dir.resolve("sd/*.json"),
                    many.address(),
                    counter.address(),
                    dir.resolve("sentinel.log"),
                    metricsPort));
    daemon = SentinelProcess.start(dir, "start", "-c", config.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (Files.exists(dir.resolve("sentinel.log"))) {
        // Kept for a look after a failure: the temporary directory goes with the class.
        Files.copy(
            dir.resolve("sentinel.log"),
            Path.of(System.getProperty("java.io.tmpdir"), "scrapeit-sentinel.log"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      if (daemon != null) {
        assertThat(daemon.terminate()).as(daemon.output()).isZero();
      }
    } finally {
      for (AutoCloseable c : new AutoCloseable[] {many, counter, own, shrinking, leaving}) {
        if (c != null) {
          c.close();
        }
      }
      for (var s : List.of(vm, prometheus, node)) {
        s.close();
      }
    }
  }

  /** The file_sd file: group one (shrinking) and, if {@code withLeaving}, group two. */
  private static void writeSd(boolean withLeaving) throws Exception {
    String groups =
        "[{\"targets\": [\"%s\"], \"labels\": {\"group\": \"one\"}}".formatted(shrinking.address())
            + (withLeaving
                ? ", {\"targets\": [\"%s\"], \"labels\": {\"group\": \"two\"}}"
                    .formatted(leaving.address())
                : "")
            + "]";
    Path tmp = Files.writeString(dir.resolve("sd/targets.json.tmp"), groups);
    Files.move(tmp, sdFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  // --- a: what the backends hold equals what the targets served ---

  @Test
  @Order(1)
  void ownExportersSeriesArriveInBothBackendsExactlyAsServed() throws Exception {
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create(own.url())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).as("the exporter wants basic auth").isEqualTo(401);
    Map<String, String> target =
        labels("job", "exporter", "instance", own.address(), "site", "lab");
    // The served series after metric_relabel: debug_metric dropped, old_name renamed to new_name,
    // the empty label gone, the exporter's own job/instance kept as exported_*.
    List<Map<String, String>> scraped =
        List.of(
            series(
                "escaped_labels",
                target,
                "path",
                "C:\\dir\\file",
                "quote",
                "say \"hi\"",
                "multi",
                "line1\nline2"),
            series("special_values", target, "kind", "pos_inf"),
            series("special_values", target, "kind", "neg_inf"),
            series("explicit_timestamp", target),
            series("http_request_duration_seconds_bucket", target, "le", "0.1"),
            series("http_request_duration_seconds_bucket", target, "le", "0.5"),
            series("http_request_duration_seconds_bucket", target, "le", "+Inf"),
            series("http_request_duration_seconds_sum", target),
            series("http_request_duration_seconds_count", target),
            series("rpc_duration_seconds", target, "quantile", "0.5"),
            series("rpc_duration_seconds", target, "quantile", "0.99"),
            series("rpc_duration_seconds_sum", target),
            series("rpc_duration_seconds_count", target),
            series("jobs_processed_total", target, "queue", "default"),
            series("untyped_metric", target),
            series("empty_label", target, "kept", "yes"),
            series("renamed_label", target, "new_name", "v"),
            series(
                "clashing", target, "exported_job", "inner", "exported_instance", "elsewhere:1"));
    Map<String, String> nan = series("special_values", target, "kind", "nan");
    Set<Map<String, String>> report = new HashSet<>();
    for (String name : REPORT) {
      report.add(series(name, target));
    }
    Set<Map<String, String>> inVm = new HashSet<>(scraped);
    inVm.addAll(report);
    Set<Map<String, String>> inPrometheus = new HashSet<>(inVm);
    inPrometheus.add(nan);

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> vmSamples("up{job=\"exporter\"}") >= 3);
    assertThat(vmSeries("{job=\"exporter\"}"))
        .as("VictoriaMetrics: every served series, as served (NaN-only series not stored)")
        .containsExactlyInAnyOrderElementsOf(inVm);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(promSeries("{job=\"exporter\"}"))
                    .as("Prometheus: every served series, as served")
                    .containsExactlyInAnyOrderElementsOf(inPrometheus));

    // Values, in both. The histogram's and summary's numbers, ±Inf, the untyped and the counter.
    Map<String, Double> expected = new TreeMap<>();
    expected.put("escaped_labels", 1.0);
    expected.put("special_values/pos_inf", Double.POSITIVE_INFINITY);
    expected.put("special_values/neg_inf", Double.NEGATIVE_INFINITY);
    expected.put("explicit_timestamp", 7.0);
    expected.put("http_request_duration_seconds_bucket/0.1", 3.0);
    expected.put("http_request_duration_seconds_bucket/0.5", 5.0);
    expected.put("http_request_duration_seconds_bucket/+Inf", 6.0);
    expected.put("http_request_duration_seconds_sum", 2.5);
    expected.put("http_request_duration_seconds_count", 6.0);
    expected.put("rpc_duration_seconds/0.5", 0.25);
    expected.put("rpc_duration_seconds/0.99", 1.5);
    expected.put("rpc_duration_seconds_sum", 40.5);
    expected.put("rpc_duration_seconds_count", 100.0);
    expected.put("jobs_processed_total", 1234.0);
    expected.put("untyped_metric", 3.25);
    expected.put("empty_label", 2.0);
    expected.put("renamed_label", 5.0);
    expected.put("clashing", 8.0);
    expected.put("up", 1.0);
    expected.put("scrape_samples_scraped", 20.0);
    expected.put("scrape_samples_post_metric_relabeling", 19.0);
    for (ExportedSeries s : vm.export("{job=\"exporter\"}")) {
      String key = valueKey(s.metric());
      if (expected.containsKey(key)) {
        assertThat(s.values()).as("VictoriaMetrics " + s.metric()).containsOnly(expected.get(key));
      }
    }
    for (QueriedSeries s : prometheus.query("{job=\"exporter\"}[1m]")) {
      String key = valueKey(s.metric());
      if (expected.containsKey(key)) {
        assertThat(s.points())
            .as("Prometheus " + s.metric())
            .extracting(Point::value)
            .containsOnly(expected.get(key));
      }
    }
    // The first scrape added the 19 series; the ones after found them all known.
    List<Double> added = vmValues("scrape_series_added{job=\"exporter\"}");
    assertThat(added).hasSizeGreaterThanOrEqualTo(3);
    assertThat(added.get(0)).isEqualTo(19.0);
    assertThat(added.subList(1, added.size())).containsOnly(0.0);
    assertThat(vmValues("scrape_duration_seconds{job=\"exporter\"}"))
        .allSatisfy(v -> assertThat(v).isPositive().isLessThan(1.0));

    // A served NaN: Prometheus stores it as an ordinary NaN sample (not a staleness marker, which
    // a range query would leave out); VictoriaMetrics drops every NaN but the staleness marker,
    // as documented, so the series does not exist there.
    List<QueriedSeries> nanInPrometheus =
        prometheus.query("special_values{job=\"exporter\",kind=\"nan\"}[1m]");
    assertThat(nanInPrometheus).hasSize(1);
    assertThat(nanInPrometheus.get(0).points())
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(p -> assertThat(p.value()).isNaN());
    assertThat(vm.export("{__name__=\"special_values\",kind=\"nan\"}")).isEmpty();

    // The explicit timestamp is honoured: one sample, at exactly that millisecond, in both.
    List<ExportedSeries> explicit = vm.export("explicit_timestamp{job=\"exporter\"}");
    assertThat(explicit).hasSize(1);
    assertThat(explicit.get(0).timestamps()).containsExactly(explicitTs);
    assertThat(explicit.get(0).values()).containsExactly(7.0);
    List<QueriedSeries> explicitInPrometheus =
        prometheus.query("explicit_timestamp{job=\"exporter\"}[10m]");
    assertThat(explicitInPrometheus).hasSize(1);
    assertThat(explicitInPrometheus.get(0).points()).containsExactly(new Point(explicitTs, 7.0));

    assertThat(vm.export("{__name__=\"debug_metric\"}")).as("dropped by metric_relabel").isEmpty();
    assertThat(prometheus.query("debug_metric[5m]")).as("dropped by metric_relabel").isEmpty();
    assertThat(own.unauthorized()).as("only the test's own anonymous request was refused").isOne();
  }

  @Test
  @Order(2)
  void everyNodeExporterSeriesArrivesInBothBackends() throws Exception {
    Map<Map<String, String>, Double> first = served(node.metrics());
    long fetched = System.currentTimeMillis();
    // Two of Sentinel's scrapes (every 2 s) after the first direct fetch, then the second.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                vm.export("up{job=\"node\"}").stream()
                        .flatMap(s -> s.timestamps().stream())
                        .filter(t -> t > fetched)
                        .count()
                    >= 2);
    Map<Map<String, String>, Double> second = served(node.metrics());
    Map<String, String> target = labels("job", "node", "instance", node.address());
    Set<Map<String, String>> expected = new HashSet<>();
    Set<Map<String, String>> expectedInVm = new HashSet<>();
    for (Map.Entry<Map<String, String>, Double> e : first.entrySet()) {
      Double again = second.get(e.getKey());
      if (again == null) {
        continue; // not served both times: it may have come or gone between the scrapes
      }
      Map<String, String> m = new TreeMap<>(e.getKey());
      m.putAll(target);
      m.putAll(IDENTITY);
      expected.add(m);
      if (!e.getValue().isNaN() && !again.isNaN()) {
        expectedInVm.add(m);
      }
    }
    assertThat(expected).as("node_exporter's series").hasSizeGreaterThan(200);
    Set<Map<String, String>> inVm = awaitContains(() -> vmSeries("{job=\"node\"}"), expectedInVm);
    assertContains("VictoriaMetrics", inVm, expectedInVm);
    Set<Map<String, String>> inProm =
        awaitContains(() -> promSeries("{job=\"node\"}[1m]"), expected);
    assertContains("Prometheus", inProm, expected);
    for (String name : REPORT) {
      Map<String, String> m = series(name, target);
      assertThat(inProm).contains(m);
    }
    double scrapedCount = vmValues("scrape_samples_scraped{job=\"node\"}").get(0);
    assertThat(scrapedCount)
        .as("samples per scrape, as node_exporter served")
        .isBetween(
            Math.min(first.size(), second.size()) * 0.9,
            Math.max(first.size(), second.size()) * 1.1);
  }

  // --- b: staleness ---

  @Test
  @Order(3)
  void seriesEndInPrometheusWhenServedNoMoreWhenTheirTargetLeavesAndWhenItGoesDown()
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () ->
                prometheus.query("steady{job=\"stale\"}").size() == 1
                    && prometheus.query("vanishing{job=\"stale\"}").size() == 1
                    && prometheus.query("leaving_metric{job=\"stale\"}").size() == 1);
    assertThat(prometheus.query("steady{job=\"stale\"}").get(0).metric())
        .containsEntry("group", "one")
        .containsEntry("instance", shrinking.address());
    assertThat(prometheus.query("leaving_metric{job=\"stale\"}").get(0).metric())
        .containsEntry("group", "two")
        .containsEntry("instance", leaving.address());

    // One series no longer served: it ends; the target's other series stay.
    shrinking.serve("# TYPE steady gauge\nsteady 1\n", TestExporter.TEXT);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> prometheus.query("vanishing{job=\"stale\"}").isEmpty());
    assertThat(prometheus.query("steady{job=\"stale\"}")).hasSize(1);
    assertThat(prometheus.query("leaving_metric{job=\"stale\"}")).hasSize(1);
    awaitStaleMarkerInVm("vanishing{job=\"stale\"}");

    // A target taken out of the file_sd file: all its series end, up and scrape_* included.
    writeSd(false);
    String leavingSelector = "{job=\"stale\",instance=\"" + leaving.address() + "\"}";
    await()
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> prometheus.query(leavingSelector).isEmpty());
    assertThat(prometheus.query(leavingSelector.replace("}", "}[2m]")))
        .as("its samples are still stored")
        .extracting(QueriedSeries::name)
        .containsAll(REPORT)
        .contains("leaving_metric");
    assertThat(prometheus.query("steady{job=\"stale\"}")).hasSize(1);
    awaitStaleMarkerInVm("leaving_metric{job=\"stale\"}");

    // A target that goes down: up=0, its series end.
    shrinking.close();
    String up = "up{job=\"stale\",instance=\"" + shrinking.address() + "\"}";
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                prometheus.query("steady{job=\"stale\"}").isEmpty()
                    && prometheus.query(up).size() == 1
                    && prometheus.query(up).get(0).points().get(0).value() == 0.0);
    awaitStaleMarkerInVm("steady{job=\"stale\"}");
  }

  // --- c: limits ---

  @Test
  @Order(4)
  void aScrapeOverItsSampleLimitSendsNothingButUpZero() throws Exception {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> vmSamples("up{job=\"limited\"}") >= 3);
    assertThat(vmValues("up{job=\"limited\"}")).containsOnly(0.0);
    assertThat(vmSeries("{job=\"limited\"}"))
        .extracting(m -> m.get("__name__"))
        .as("no scraped series, only the report")
        .containsExactlyInAnyOrderElementsOf(REPORT);
    assertThat(prometheus.query("many_series[5m]")).isEmpty();
    assertThat(
            selfMetric(
                "sentinel_samples_dropped_total", "destination", "all", "reason", "sample_limit"))
        .isPositive();
    // Prometheus reads on past the limit "so we report the correct total number of samples
    // scraped" (scrape.go, checkAddError): the target served 20.
    assertThat(vmValues("scrape_samples_scraped{job=\"limited\"}"))
        .as(
            "scrape_samples_scraped of a scrape over sample_limit: what the target served (20),"
                + " as Prometheus reports it")
        .containsOnly(20.0);
  }

  // --- d: an outage of VictoriaMetrics, with the disk spool ---

  @Test
  @Order(5)
  void aSixtySecondOutageOfVictoriaMetricsLosesNoScrapedValue() throws Exception {
    String selector = "served_requests_total{job=\"counter\"}";
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> vmSamples(selector) >= 3);
    vm.stop();
    long stopped = System.currentTimeMillis();
    // Prometheus keeps getting the counter meanwhile: one destination's outage holds up no other.
    await()
        .atMost(OUTAGE.plusSeconds(5))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        prometheus.query(selector + "[2m]").get(0).points().stream()
                            .mapToLong(Point::timestampMs)
                            .max()
                            .orElse(0))
                    .as(
                        "the newest counter sample in Prometheus; pending for prometheus: %s,"
                            + " dropped for prometheus: %s, counter served: %s",
                        selfMetric(
                            "sentinel_destination_pending_samples", "destination", "prometheus"),
                        selfMetric("sentinel_samples_dropped_total", "destination", "prometheus"),
                        counter.served())
                    .isGreaterThan(stopped + OUTAGE.toMillis() - 5000));
    long waitFor = stopped + OUTAGE.toMillis() - System.currentTimeMillis();
    if (waitFor > 0) {
      Thread.sleep(waitFor); // the outage's length is the point, not a wait for something
    }
    long servedDuringOutage = counter.served();
    vm.restart();
    long restarted = System.currentTimeMillis();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                selfMetric(
                            "sentinel_destination_pending_samples",
                            "destination",
                            "victoria_metrics")
                        == 0
                    && vmValues(selector).stream().mapToDouble(v -> v).max().orElse(0)
                        >= servedDuringOutage);
    List<ExportedSeries> exported = vm.export(selector);
    assertThat(exported).hasSize(1);
    List<Double> values = exported.get(0).values();
    List<Long> timestamps = exported.get(0).timestamps();
    long max = values.stream().mapToLong(Double::longValue).max().orElseThrow();
    List<Double> everyValue = LongStream.rangeClosed(1, max).mapToObj(i -> (double) i).toList();
    assertThat(values)
        .as("every value 1..%d the counter had when Sentinel scraped it, once each", max)
        .containsExactlyElementsOf(everyValue);
    assertThat(timestamps.stream().filter(t -> t > stopped && t < restarted).count())
        .as("values scraped during the outage")
        .isGreaterThanOrEqualTo(OUTAGE.toSeconds() - 5);
    assertThat(max).isGreaterThanOrEqualTo(servedDuringOutage);
    assertThat(selfMetric("sentinel_samples_dropped_total", "destination", "victoria_metrics"))
        .as("samples dropped for victoria_metrics")
        .isZero();
    // Prometheus, never down, holds the same values.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> prometheus.query(selector).get(0).points().get(0).value() >= (double) max);
    List<Double> inPrometheus =
        prometheus.query(selector + "[10m]").get(0).points().stream()
            .map(Point::value)
            .filter(v -> v <= max)
            .toList();
    assertThat(inPrometheus).containsExactlyElementsOf(everyValue);
  }

  // --- helpers ---

  private static Map<String, String> labels(String... kv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A series as the backends should hold it: name, own labels, target labels and identity. */
  private static Map<String, String> series(
      String name, Map<String, String> target, String... own) {
    Map<String, String> m = labels(own);
    m.putAll(target);
    m.putAll(IDENTITY);
    m.put("__name__", name);
    return m;
  }

  /** For the value table: the name, and the one label that tells its series apart. */
  private static String valueKey(Map<String, String> m) {
    String name = m.get("__name__");
    for (String label : List.of("kind", "le", "quantile")) {
      if (m.containsKey(label)) {
        return name + "/" + m.get(label);
      }
    }
    return name;
  }

  /** Each series served in {@code body} (its labels with __name__) and its value. */
  private static Map<Map<String, String>, Double> served(String body) {
    Map<Map<String, String>, Double> out = new java.util.HashMap<>();
    for (TextExposition.Line l : TextExposition.parse(body)) {
      out.put(l.metric(), l.value());
    }
    return out;
  }

  private static Set<Map<String, String>> vmSeries(String match) {
    return vm.export(match).stream().map(s -> Map.copyOf(s.metric())).collect(Collectors.toSet());
  }

  private static int vmSamples(String match) {
    return vm.export(match).stream().mapToInt(s -> s.values().size()).sum();
  }

  /** The values of the one series {@code match} selects, oldest first. */
  private static List<Double> vmValues(String match) {
    List<ExportedSeries> got = vm.export(match);
    assertThat(got).as(match).hasSize(1);
    return got.get(0).values();
  }

  /** VictoriaMetrics got the staleness marker too: the series' last sample (5 s at most). */
  private static void awaitStaleMarkerInVm(String match) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              List<Double> values = vmValues(match);
              assertThat(Double.doubleToRawLongBits(values.get(values.size() - 1)))
                  .as(
                      "the last sample of %s in VictoriaMetrics is a staleness marker: %s",
                      match, values)
                  .isEqualTo(VictoriaMetricsServer.STALE_NAN_BITS);
            });
  }

  private static Set<Map<String, String>> promSeries(String promql) {
    return prometheus.query(promql).stream()
        .map(s -> Map.copyOf(s.metric()))
        .collect(Collectors.toSet());
  }

  /** Polls {@code got} (20 s at most) until it holds every one of {@code expected}; the last. */
  private static Set<Map<String, String>> awaitContains(
      Supplier<Set<Map<String, String>>> got, Set<Map<String, String>> expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Set<Map<String, String>> last = got.get();
    while (!last.containsAll(expected) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(500); // a poll interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      last = got.get();
    }
    return last;
  }

  private static void assertContains(
      String where, Set<Map<String, String>> got, Set<Map<String, String>> expected) {
    Set<String> missing = new TreeSet<>();
    for (Map<String, String> m : expected) {
      if (!got.contains(m)) {
        missing.add(m.toString());
      }
    }
    assertThat(missing)
        .as(
            "%s: served by node_exporter both times but missing (%d of %d)",
            where, missing.size(), expected.size())
        .isEmpty();
  }

  /** The sum of the daemon's own {@code name} series that have the labels {@code kv}; 0 if none. */
  private static double selfMetric(String name, String... kv) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, String> wanted = labels(kv);
    return TextExposition.parse(body).stream()
        .filter(l -> l.name().equals(name))
        .filter(l -> l.labels().entrySet().containsAll(wanted.entrySet()))
        .mapToDouble(TextExposition.Line::value)
        .sum();
  }
}
