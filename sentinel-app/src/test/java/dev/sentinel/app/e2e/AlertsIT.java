package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sentinel.testing.VictoriaMetricsServer;
import dev.sentinel.testing.VmalertServer;
import dev.sentinel.testing.VmalertServer.Alert;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped alert rules end to end: a real Sentinel pushes to a real VictoriaMetrics, Debian's
 * vmalert evaluates {@code alerts/sentinel.rules.yml} against it. Only the {@code for:} durations
 * are shortened (to 5 s) so the test takes a minute; the expressions are the shipped ones. On a
 * healthy run only the unreachable target's alerts fire; killing the Sentinel fires the
 * agent-silent alert.
 */
class AlertsIT {
  private static final Path RULES = SentinelProcess.HOME.resolve("alerts/sentinel.rules.yml");
  private static VictoriaMetricsServer vm;
  private static VmalertServer vmalert;
  private static HttpServer notifier;
  private static HttpServer web;
  private static TestNetwork net;

  @BeforeAll
  static void servers(@TempDir Path dir) throws Exception {
    vm = VictoriaMetricsServer.start();
    notifier = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    notifier.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    notifier.start();
    web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    web.createContext(
        "/",
        ex -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    web.start();
    net = TestNetwork.create(false);
    Path rules = dir.resolve("sentinel.rules.yml");
    Files.writeString(
        rules, Files.readString(RULES).replaceAll("(?m)^(\\s+)for: \\S+", "$1for: 5s"));
    vmalert =
        VmalertServer.start(
            vm.baseUrl(),
            List.of(rules),
            "http://127.0.0.1:" + notifier.getAddress().getPort(),
            "2s");
  }

  @AfterAll
  static void stop() throws Exception {
    if (vmalert != null) {
      vmalert.close();
    }
    vm.close();
    notifier.stop(0);
    web.stop(0);
    net.close();
  }

  /** Alert names whose expression reads {@code metric}, from the shipped rules. */
  @SuppressWarnings("unchecked")
  private static Set<String> alertsOn(String metric) throws Exception {
    Map<String, Object> file = new Yaml().load(Files.readString(RULES));
    Set<String> out = new java.util.TreeSet<>();
    for (Object g : (List<Object>) file.get("groups")) {
      for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
        Map<String, Object> rule = (Map<String, Object>) r;
        if (rule.containsKey("alert") && String.valueOf(rule.get("expr")).contains(metric)) {
          out.add((String) rule.get("alert"));
        }
      }
    }
    assertThat(out).as("alerts reading " + metric).isNotEmpty();
    return out;
  }

  /** Waits until one of {@code names} fires with {@code label}={@code value}. */
  private static void awaitFiring(Set<String> names, String label, String value) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                firing().stream()
                    .anyMatch(
                        a -> names.contains(a.name()) && value.equals(a.labels().get(label))));
  }

  private static List<Alert> firing() {
    return vmalert.alerts().stream().filter(a -> a.state().equals("firing")).toList();
  }

  @Test
  void onlyTheUnreachableTargetFiresThenTheKilledAgentIsReportedSilent(@TempDir Path dir)
      throws Exception {
    Set<String> down = alertsOn("device_status");
    Set<String> silent = alertsOn("sentinel_last_flush_timestamp_seconds");
    String config =
        """
        sentinel: {name: alerts-it, region: lab}
        sender:
          flush_interval: 1s
          direct:
            victoria_metrics: {enabled: true, url: "%s"}
        tasks:
          - {id: reachable, plugin: ping, interval: 1s, config: {host: 127.0.0.1}}
          - {id: dark, plugin: ping, interval: 2s, config: {host: %s}}
          - {id: site, plugin: http, interval: 2s, config: {url: "http://127.0.0.1:%d/"}}
        logging: {output: file, file_path: %s}
        self_metrics: {listen: ""}
        """
            .formatted(
                vm.writeUrl(), net.dark(), web.getAddress().getPort(), dir.resolve("sentinel.log"));
    Path file = Files.writeString(dir.resolve("config.yaml"), config);
    try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", file.toString())) {
      awaitFiring(down, "task_id", "dark");
      // Another half minute of a healthy run: whatever fires concerns the dark target only.
      List<String> seen = new ArrayList<>();
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < until) {
        for (Alert a : firing()) {
          if (!"dark".equals(a.labels().get("task_id"))) {
            seen.add(a.name() + a.labels());
          }
        }
        Thread.sleep(2000);
      }
      assertThat(seen).as("alerts on the healthy run beside the dark target's").isEmpty();
      assertThat(
              firing().stream()
                  .filter(a -> "dark".equals(a.labels().get("task_id")))
                  .allMatch(a -> "alerts-it".equals(a.labels().get("sentinel"))))
          .isTrue();
      daemon.process().destroyForcibly().waitFor();
    }
    awaitFiring(silent, "sentinel", "alerts-it");
    assertThat(
            firing().stream()
                .filter(a -> silent.contains(a.name()))
                .map(Alert::name)
                .collect(Collectors.toSet()))
        .isNotEmpty();
  }
}
