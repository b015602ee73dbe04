package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.testing.Json;
import dev.sentinel.testing.PushgatewayServer;
import dev.sentinel.testing.VictoriaMetricsServer;
import dev.sentinel.testing.VictoriaMetricsServer.ExportedSeries;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload end to end, through the launcher, with the disk spool, a real VictoriaMetrics and the
 * file destination as the record of what was collected: tasks and destinations added, changed and
 * removed under load by SIGHUP, POST /-/reload and a file change; a broken file changes nothing.
 */
class ReloadIT {
  private static VictoriaMetricsServer vm;
  private static PushgatewayServer pushgateway;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void servers() {
    vm = VictoriaMetricsServer.start();
    pushgateway = PushgatewayServer.start();
  }

  @AfterAll
  static void stop() {
    vm.close();
    pushgateway.close();
  }

  /** {@code tasks} and {@code extraDestinations} are YAML lines at their indentation. */
  private static String config(
      Path dir, int port, String vmUrl, String extraDestinations, String tasks) {
    return """
    sentinel: {name: reload-it}
    buffer: {type: disk, disk_path: %s}
    sender:
      flush_interval: 1s
      direct:
        victoria_metrics: {enabled: true, url: "%s"}
        file: {enabled: true, path: %s}
    %s
    tasks:
    %s
    logging: {output: file, file_path: %s}
    self_metrics: {listen: "127.0.0.1:%d"}
    """
        .formatted(
            dir.resolve("spool"),
            vmUrl,
            dir.resolve("record.jsonl"),
            extraDestinations,
            tasks,
            dir.resolve("sentinel.log"),
            port);
  }

  /** Kept through every reload: a task of its own, and 50 targets pinged every second as load. */
  private static final String STEADY =
      "  - {id: steady, plugin: ping, interval: 1s, config: {host: 127.0.0.1, count: 1}}\n"
          + "  - {id: load, plugin: ping, interval: 1s, config: {count: 1, targets: ["
          + String.join(
              ", ",
              java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(i -> "127.0.1." + i).toList())
          + "]}}\n";

  /** The tasks after the first reload: steady and load kept, one changed, one added. */
  private static final String AFTER =
      STEADY
          + "  - {id: changing, plugin: ping, interval: 1s, config: {targets: [127.0.0.2,"
          + " 127.0.0.3], count: 1}}\n"
          + "  - {id: arriving, plugin: ping, interval: 1s, config: {host: 127.0.0.4, count: 1}}\n";

  private String get(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private HttpResponse<String> post(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String reloadLine(Path log, int nth) throws Exception {
    List<String> lines =
        Files.readAllLines(log).stream()
            .filter(l -> l.contains("\"msg\":\"Config reloaded"))
            .toList();
    return lines.size() >= nth ? lines.get(nth - 1) : null;
  }

  @Test
  void reloadsBySignalHttpAndFileChangeWithoutLosingOrRepeatingASample(@TempDir Path dir)
      throws Exception {
    int port = EndToEndIT.freePort();
    Path config = dir.resolve("config.yaml");
    Path log = dir.resolve("sentinel.log");
    String vm2 =
        vm.baseUrl() + "/prometheus/api/v1/write"; // the same VictoriaMetrics, another path
    Files.writeString(
        config,
        config(
            dir,
            port,
            vm.writeUrl(),
            "",
            STEADY
                + "  - {id: changing, plugin: ping, interval: 1s, config: {host: 127.0.0.2, count:"
                + " 1}}\n"
                + "  - {id: leaving, plugin: tcp, interval: 1s, config: {host: 127.0.0.1, port: "
                + vm.port()
                + "}}\n"));
    try (SentinelProcess daemon =
        SentinelProcess.start(dir, "start", "-c", config.toString(), "--watch-config")) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(port, "/api/v1/status").contains("\"outcome\":\"success\""));
      Thread.sleep(3000); // some runs of every task, under way when the reloads come

      // 1. SIGHUP: one task changed, one removed, one added; the VictoriaMetrics URL changed and a
      // Pushgateway added.
      Files.writeString(
          config,
          config(
              dir,
              port,
              vm2,
              "    pushgateway: {enabled: true, url: \"" + pushgateway.baseUrl() + "\"}",
              AFTER));
      daemon.signalJava("HUP");
      await().atMost(Duration.ofSeconds(20)).until(() -> reloadLine(log, 1) != null);
      assertThat(reloadLine(log, 1))
          .contains(
              "tasks: 2 kept, 1 changed, 1 added, 1 removed; destinations: 1 kept, 1 changed, 1"
                  + " added, 0 removed\",\"trigger\":\"signal\"");
      Thread.sleep(3000);

      // 2. POST /-/reload: the Pushgateway removed; GET is refused.
      Files.writeString(config, config(dir, port, vm2, "", AFTER));
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/reload"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(405);
      HttpResponse<String> posted = post(port, "/-/reload");
      // the watcher may have seen the change first: then nothing is left to do
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> reloadLine(log, 2) != null);
      assertThat(Files.readString(log))
          .contains("destinations: 2 kept, 0 changed, 0 added, 1 removed");

      // 3. A broken file (seen by --watch-config): nothing changes, the problem is logged with its
      // line.
      String good = Files.readString(config);
      Files.writeString(
          config,
          good.replace(
              "interval: 1s, config: {host: 127.0.0.4", "interval: 0s, config: {host: 127.0.0.4"));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> Files.readString(log).contains("Config reload failed"));
      String problem =
          Files.readAllLines(log).stream()
              .filter(l -> l.contains("config.yaml:") && l.contains("interval"))
              .findFirst()
              .orElseThrow();
      assertThat(problem)
          .contains("\"level\":\"ERROR\"")
          .containsPattern("config\\.yaml:\\d+: tasks\\[3\\]\\.interval: ");
      String metrics = get(port, "/metrics");
      assertThat(metrics)
          .contains("sentinel_config_last_reload_successful 0.0")
          .contains("sentinel_config_reloads_total{result=\"failure\",} 1.0");
      String status = get(port, "/api/v1/status");
      assertThat(status).contains("\"successful\":false").contains("\"trigger\":\"file\"");
      assertThat(status).contains("\"id\":\"arriving\""); // still running the old config

      // 4. The file fixed: applied, nothing to change.
      Files.writeString(config, good);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> get(port, "/metrics").contains("sentinel_config_last_reload_successful 1.0"));
      assertThat(Files.readString(log))
          .contains("tasks: 4 kept, 0 changed, 0 added, 0 removed; destinations: 2 kept")
          .contains("\"trigger\":\"file\"");
      Thread.sleep(2000);
      double markers = metric(get(port, "/metrics"), "sentinel_stale_markers_total");
      assertThat(markers).as("the leaving task's series ended").isPositive();
      assertThat(daemon.terminate()).as(daemon.output()).isZero();

      // The unchanged task kept its phase: no gap in its runs across three reloads.
      List<Long> steady = timestamps(dir.resolve("record.jsonl"), "steady");
      assertThat(steady.size()).isGreaterThan(10);
      for (int i = 1; i < steady.size(); i++) {
        assertThat(steady.get(i) - steady.get(i - 1)).as("gap between runs").isBetween(500L, 1500L);
      }

      // Nothing lost: every recorded sample is in VictoriaMetrics; nothing repeated: it received
      // exactly the recorded samples plus the staleness markers.
      Map<String, Set<Long>> recorded = record(dir.resolve("record.jsonl"));
      long recordedCount = recorded.values().stream().mapToLong(Set::size).sum();
      assertThat(recordedCount).isEqualTo(lines(dir.resolve("record.jsonl")));
      // The last requests may take a moment to become searchable after the daemon stopped.
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertStored(recorded, Math.round(markers)));
      assertThat(rowsInserted()).isEqualTo(recordedCount + Math.round(markers));
    }
  }

  /**
   * Every recorded sample, and exactly {@code markers} staleness markers, are in VictoriaMetrics.
   */
  private static void assertStored(Map<String, Set<Long>> recorded, long markers) {
    Map<String, Set<Long>> stored = new HashMap<>();
    long storedMarkers = 0;
    for (ExportedSeries s : vm.export("{sentinel=\"reload-it\"}")) {
      Set<Long> ts = stored.computeIfAbsent(key(s.metric()), k -> new HashSet<>());
      for (int i = 0; i < s.values().size(); i++) {
        if (Double.doubleToRawLongBits(s.values().get(i)) == VictoriaMetricsServer.STALE_NAN_BITS) {
          storedMarkers++;
        } else {
          ts.add(s.timestamps().get(i));
        }
      }
    }
    assertThat(storedMarkers).as("VictoriaMetrics keeps the markers").isEqualTo(markers);
    recorded.forEach((series, ts) -> assertThat(stored.get(series)).as(series).containsAll(ts));
  }

  private static double metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(text);
    assertThat(m.find()).as(name).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private double rowsInserted() throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(vm.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m =
        Pattern.compile("(?m)^vm_rows_inserted_total\\{type=\"promremotewrite\"\\} (\\S+)$")
            .matcher(text);
    assertThat(m.find()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static long lines(Path file) throws Exception {
    long n = 0;
    for (String line : Files.readAllLines(file)) {
      n += Json.array(Json.object(Json.parse(line)).get("timestamps")).size();
    }
    return n;
  }

  private static String key(Map<String, String> metric) {
    return new TreeMap<>(metric).toString();
  }

  /** The file destination's record: series → timestamps. */
  private static Map<String, Set<Long>> record(Path file) throws Exception {
    Map<String, Set<Long>> out = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      Map<String, Object> o = Json.object(Json.parse(line));
      Set<Long> ts = out.computeIfAbsent(key(Json.strings(o.get("metric"))), k -> new HashSet<>());
      for (Object t : Json.array(o.get("timestamps"))) {
        ts.add(((BigDecimal) t).longValueExact());
      }
    }
    return out;
  }

  private static List<Long> timestamps(Path file, String task) throws Exception {
    List<Long> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      Map<String, Object> o = Json.object(Json.parse(line));
      Map<String, String> m = Json.strings(o.get("metric"));
      if (task.equals(m.get("task_id")) && "device_status".equals(m.get("__name__"))) {
        for (Object t : Json.array(o.get("timestamps"))) {
          out.add(((BigDecimal) t).longValueExact());
        }
      }
    }
    out.sort(Long::compare);
    return out;
  }
}
