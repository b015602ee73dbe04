package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.sentinel.testing.Json;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser against a real daemon: ping (127.0.0.1 and a dark address in a
 * namespace of ours), http (a loopback server) and netdev, remote write to a real VictoriaMetrics.
 * What the page shows must be what {@code /api/v1/status} says, its charts must draw, it must keep
 * up without a reload when VictoriaMetrics goes away, fit a phone, and ask nothing of any other
 * origin. Screenshots land in {@code sentinel-app/target/status-page/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageIT {
  static final Path SHOTS = SentinelProcess.HOME.resolve("sentinel-app/target/status-page");

  @TempDir static Path dir;
  static TestNetwork network;
  static LoopbackTargets targets;
  static VictoriaMetricsServer vm;
  static SentinelProcess daemon;
  static Browser browser;
  static String origin;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    network = TestNetwork.create(false);
    targets = LoopbackTargets.start();
    vm = VictoriaMetricsServer.start();
    int port = EndToEndIT.freePort();
    origin = "http://127.0.0.1:" + port;
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            sentinel: {name: status-page, region: test}
            buffer: {type: disk, disk_path: %s}
            sender:
              flush_interval: 1s
              direct:
                victoria_metrics: {enabled: true, url: "%s"}
            tasks:
              - {id: ping, plugin: ping, interval: 15s, config: {count: 3, targets: [127.0.0.1, %s]}}
              - {id: web, plugin: http, interval: 15s, config: {url: "http://127.0.0.1:%d/"}}
              - {id: host-net, plugin: netdev, interval: 15s}
            logging: {output: file, file_path: %s}
            self_metrics: {listen: "127.0.0.1:%d"}
            """
                .formatted(
                    dir.resolve("spool"),
                    vm.writeUrl(),
                    network.dark(),
                    targets.web.getAddress().getPort(),
                    dir.resolve("sentinel.log"),
                    port));
    daemon = SentinelProcess.start(dir, "start", "-c", config.toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> get("/healthz").statusCode() == 200);
    browser = Browser.start(1280, 900);
    browser.open(origin + "/");
  }

  @AfterAll
  static void stop() throws Exception {
    try (TestNetwork n = network;
        LoopbackTargets t = targets;
        VictoriaMetricsServer v = vm;
        SentinelProcess d = daemon;
        Browser b = browser) {
      // closed in reverse order
    }
  }

  /** Reads the browser's logs as the tests go, so none of its buffers overflows. */
  @AfterEach
  void drainBrowserLogs() {
    browser.requestsBy(origin);
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, Object> api(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.object(Json.parse(r.body()));
  }

  @Test
  @Order(1)
  void everyTaskShowsWhatTheApiSays() {
    // Runs every 15 s and the page reads every 5 s: retry until both read the same run.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              List<Map<String, Object>> want =
                  StatusPageView.objects(api("/api/v1/status").get("tasks"));
              List<Map<String, Object>> shown = StatusPageView.tasks(browser);
              assertThat(shown)
                  .extracting(t -> t.get("id"))
                  .containsExactly(want.stream().map(t -> t.get("id")).toArray());
              for (int i = 0; i < want.size(); i++) {
                StatusPageView.assertTaskShown(shown.get(i), want.get(i));
              }
            });
  }

  @Test
  @Order(2)
  @SuppressWarnings("unchecked")
  void theAgentAndTheDestinationsShowWhatTheApiSays() {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> status = api("/api/v1/status");
              Map<String, Object> agent = Json.object(status.get("agent"));
              Map<String, Object> shown =
                  (Map<String, Object>)
                      browser.js(
                          """
                          const f = n => document.querySelector('#agent dd[data-f="' + n + '"]').innerText;
                          return {name: document.getElementById('agent-name').innerText,
                            version: f('version'), config: f('config'), ping: f('ping'),
                            buffer: f('buffer'), reload: f('reload')};
                          """);
              assertThat(shown)
                  .containsEntry("name", agent.get("sentinel"))
                  .containsEntry("version", agent.get("version"))
                  .containsEntry("config", agent.get("config_path"))
                  .containsEntry("ping", agent.get("ping_method"));
              assertThat((String) shown.get("buffer")).startsWith("disk: ");
              assertThat((String) shown.get("reload")).startsWith("applied");
              List<Map<String, Object>> destinations = StatusPageView.destinations(browser);
              assertThat(destinations)
                  .extracting(d -> d.get("name"), d -> d.get("target"), d -> d.get("state"))
                  .containsExactly(
                      StatusPageView.objects(status.get("destinations")).stream()
                          .map(d -> tuple(d.get("name"), d.get("target"), "ok"))
                          .toArray(Tuple[]::new));
            });
  }

  @Test
  @Order(3)
  void everyTargetHasAChartThatDraws() throws Exception {
    // Two points of history (30 s each) for every target, then the page's next history read.
    Map<String, List<String>> charted = new LinkedHashMap<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              charted.clear();
              for (Map<String, Object> task :
                  StatusPageView.objects(api("/api/v1/status").get("tasks"))) {
                String id = (String) task.get("id");
                List<Map<String, Object>> history =
                    StatusPageView.objects(
                        api("/api/v1/history?task=" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                            .get("targets"));
                assertThat(history).as(id).isNotEmpty();
                history.forEach(t -> assertThat(Json.array(t.get("t"))).hasSizeGreaterThan(1));
                charted.put(id, history.stream().map(t -> (String) t.get("name")).toList());
              }
            });
    assertThat(charted).containsOnlyKeys("ping", "web", "host-net");
    assertThat(charted.get("ping")).hasSize(2);
    // Until the page's own next read (every 30 s) has them too: ping's band (between two points
    // at least) and its median coloured by loss (none to 127.0.0.1, all to the dark address); the
    // others' duration line.
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                charted.forEach(
                    (task, names) ->
                        names.forEach(
                            target -> {
                              List<String> colours =
                                  !task.equals("ping")
                                      ? List.of("--accent")
                                      : target.startsWith("127.0.0.1")
                                          ? List.of("--loss-0", "--band")
                                          : List.of("--loss-100");
                              assertThat(StatusPageView.pixels(browser, task, target, colours))
                                  .as("pixels of %s in the chart of %s %s", colours, task, target)
                                  .allSatisfy(
                                      n -> assertThat((Number) n).matches(x -> x.longValue() > 20));
                            })));
    browser.screenshot(SHOTS.resolve("desktop.png"));
  }

  @Test
  @Order(4)
  void onAPhoneNothingScrollsSideways() throws Exception {
    browser.emulatePhone(390, 844);
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                Map<?, ?> m =
                    (Map<?, ?>)
                        browser.js(
                            """
                            return {inner: window.innerWidth,
                              scroll: document.documentElement.scrollWidth,
                              charts: [...document.querySelectorAll('.chart canvas')]
                                  .every(c => c.getBoundingClientRect().right <= window.innerWidth)};
                            """);
                assertThat(((Number) m.get("inner")).intValue()).isEqualTo(390);
                assertThat(((Number) m.get("scroll")).intValue()).isLessThanOrEqualTo(390);
                assertThat(m.get("charts")).as("every chart within the width").isEqualTo(true);
              });
      browser.screenshot(SHOTS.resolve("phone.png"));
    } finally {
      browser.stopEmulating();
    }
  }

  @Test
  @Order(5)
  void whenVictoriaMetricsStopsItsRowShowsTheErrorAndAGrowingBacklog() {
    browser.js("window.notReloaded = true;");
    vm.stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> want =
                  StatusPageView.objects(api("/api/v1/status").get("destinations")).get(0);
              assertThat((String) want.get("last_error")).isNotEmpty();
              assertThat(StatusPageView.destinations(browser).get(0))
                  .containsEntry("state", "failing")
                  .containsEntry("error", want.get("last_error"));
            });
    double before = pending();
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> pending() > before);
    assertThat(browser.js("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
  }

  static double pending() {
    return ((Number) StatusPageView.destinations(browser).get(0).get("pending")).doubleValue();
  }

  @Test
  @Order(6)
  void thePageAskedNothingOfAnyOtherOriginAndLoggedNoError() {
    List<String> requests = browser.requestsBy(origin);
    assertThat(requests)
        .contains(origin + "/", origin + "/assets/uPlot.iife.min.js", origin + "/api/v1/status")
        .allSatisfy(url -> assertThat(url).startsWith(origin + "/"));
    assertThat(browser.consoleErrors()).isEmpty();
  }
}
