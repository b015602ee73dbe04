package dev.sentinel.sender.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.testing.PushgatewayServer;
import dev.sentinel.testing.PushgatewayServer.Group;
import dev.sentinel.testing.PushgatewayServer.Metric;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real Debian Pushgateway 1.5. */
class PushgatewayIntegrationTest {
  static final SenderDefaults DEFAULTS = new SenderDefaults(Duration.ofSeconds(5), "Sentinel/test");
  private static PushgatewayServer pushgateway;

  @BeforeAll
  static void start() {
    pushgateway = PushgatewayServer.start();
  }

  @AfterAll
  static void stop() {
    if (pushgateway != null) {
      pushgateway.close();
    }
  }

  static DestinationSpec spec(Map<String, Object> extra) {
    Problems problems = new Problems("test.yaml");
    Map<String, Object> options = new HashMap<>(extra);
    options.put("url", pushgateway.baseUrl());
    DestinationSpec spec =
        DestinationRegistry.load()
            .find("pushgateway")
            .orElseThrow()
            .configure(Section.of("sender.direct.pushgateway", options, problems), DEFAULTS);
    assertThat(problems.errors()).isEmpty();
    return spec;
  }

  private static Sample gauge(String sentinel, String name, String target, double v, long ts) {
    return Sample.gauge(name, Labels.of("sentinel", sentinel, "target", target), v, ts);
  }

  private static Optional<Group> group(String instance) {
    return pushgateway.groups().stream()
        .filter(g -> instance.equals(g.labels().get("instance")))
        .findFirst();
  }

  private static Map<String, Double> values(Group g, String metric) {
    Map<String, Double> out = new HashMap<>();
    if (g.families().containsKey(metric)) {
      for (Metric m : g.families().get(metric).metrics()) {
        out.put(m.labels().get("target"), Double.parseDouble(m.value()));
      }
    }
    return out;
  }

  @Test
  void restartWithARemovedTaskPutsASnapshotWithoutIt() {
    long now = System.currentTimeMillis();
    Map<String, Object> options =
        Map.of("grouping", Map.of("site", "lab", "path", "/var/tmp", "empty", ""));
    try (Destination d = spec(options).open()) {
      assertThat(d.name()).isEqualTo("pushgateway");
      assertThat(
              d.send(
                  List.of(
                      gauge("edge-01", "pg_rtt_ms", "a", 1.5, now - 2000),
                      gauge("edge-01", "pg_rtt_ms", "b", 2.5, now - 2000))))
          .isEqualTo(SendResult.DELIVERED);
      // a later flush: a's value changes, a counter appears; b is still in the snapshot
      assertThat(
              d.send(
                  List.of(
                      gauge("edge-01", "pg_rtt_ms", "a", 3.25, now - 1000),
                      new Sample(
                          "pg_sent_total",
                          Labels.of("sentinel", "edge-01", "target", "a"),
                          7,
                          now - 1000,
                          Sample.Kind.COUNTER))))
          .isEqualTo(SendResult.DELIVERED);
      // a retried older batch never overwrites newer values
      assertThat(d.send(List.of(gauge("edge-01", "pg_rtt_ms", "a", 0, now - 5000))))
          .isEqualTo(SendResult.DELIVERED);
    }
    Group g = group("edge-01").orElseThrow();
    assertThat(g.labels())
        .isEqualTo(
            Map.of(
                "job",
                "sentinel",
                "instance",
                "edge-01",
                "site",
                "lab",
                "path",
                "/var/tmp",
                "empty",
                ""));
    assertThat(g.lastPushSuccessful()).isTrue();
    assertThat(values(g, "pg_rtt_ms")).isEqualTo(Map.of("a", 3.25, "b", 2.5));
    assertThat(g.families().get("pg_rtt_ms").type()).isEqualTo("GAUGE");
    assertThat(values(g, "pg_sent_total")).isEqualTo(Map.of("a", 7.0));
    assertThat(g.families().get("pg_sent_total").type()).isEqualTo("COUNTER");
    Metric m = g.families().get("pg_rtt_ms").metrics().get(0);
    assertThat(m.labels())
        .containsEntry("sentinel", "edge-01")
        .containsEntry("job", "sentinel")
        .containsEntry("site", "lab");

    // "restart": a new destination instance; task b was removed from the config
    try (Destination d = spec(options).open()) {
      assertThat(d.send(List.of(gauge("edge-01", "pg_rtt_ms", "a", 4, now))))
          .isEqualTo(SendResult.DELIVERED);
    }
    Group after = group("edge-01").orElseThrow();
    assertThat(values(after, "pg_rtt_ms")).isEqualTo(Map.of("a", 4.0));
    assertThat(after.families()).doesNotContainKey("pg_sent_total");
  }

  @Test
  void aStalenessMarkerRewritesTheGroupWithoutItsSeries() {
    long now = System.currentTimeMillis();
    try (Destination d = spec(Map.of()).open()) {
      assertThat(
              d.send(
                  List.of(
                      gauge("edge-stale", "pg_rtt_ms", "a", 1, now - 2000),
                      gauge("edge-stale", "pg_rtt_ms", "b", 2, now - 2000))))
          .isEqualTo(SendResult.DELIVERED);
      assertThat(values(group("edge-stale").orElseThrow(), "pg_rtt_ms"))
          .isEqualTo(Map.of("a", 1.0, "b", 2.0));
      Sample marker =
          Sample.staleMarker(
              "pg_rtt_ms",
              Labels.of("sentinel", "edge-stale", "target", "b"),
              now - 1000,
              Sample.Kind.GAUGE);
      assertThat(d.send(List.of(gauge("edge-stale", "pg_rtt_ms", "a", 3, now - 1000), marker)))
          .isEqualTo(SendResult.DELIVERED);
      assertThat(values(group("edge-stale").orElseThrow(), "pg_rtt_ms"))
          .isEqualTo(Map.of("a", 3.0));
      // the last series of the group ending leaves an empty group, not the old values
      Sample lastMarker =
          Sample.staleMarker(
              "pg_rtt_ms",
              Labels.of("sentinel", "edge-stale", "target", "a"),
              now,
              Sample.Kind.GAUGE);
      assertThat(d.send(List.of(lastMarker))).isEqualTo(SendResult.DELIVERED);
      assertThat(group("edge-stale").orElseThrow().families()).doesNotContainKey("pg_rtt_ms");
    }
  }

  @Test
  void noTimestampsAreSentAndTheTextHasOneTypePerName() {
    long now = System.currentTimeMillis();
    try (Destination d = spec(Map.of("job", "ts-check")).open()) {
      assertThat(
              d.send(
                  List.of(
                      gauge("edge-ts", "pg_ts", "a", 1, now),
                      gauge("edge-ts", "pg_ts", "b", 2, now))))
          .isEqualTo(SendResult.DELIVERED); // the Pushgateway answers 400 to any timestamp
      String text = ((PushgatewayDestination) d).render();
      assertThat(text)
          .contains("# TYPE pg_ts gauge\n")
          .doesNotContain(Long.toString(now))
          .endsWith("\n");
      assertThat(text.lines().filter(l -> l.startsWith("# TYPE pg_ts "))).hasSize(1);
      assertThat(text.lines().filter(l -> l.startsWith("pg_ts{")))
          .allSatisfy(l -> assertThat(l.split(" ")).hasSize(2));
    }
    assertThat(pushgateway.metricsText())
        .contains(
            "pg_ts{instance=\"edge-ts\",job=\"ts-check\",sentinel=\"edge-ts\",target=\"a\"} 1");
  }

  @Test
  void deleteOnShutdownRemovesTheGroup() {
    try (Destination d = spec(Map.of("delete_on_shutdown", true)).open()) {
      assertThat(d.send(List.of(gauge("edge-del", "pg_del", "a", 1, System.currentTimeMillis()))))
          .isEqualTo(SendResult.DELIVERED);
      assertThat(group("edge-del")).isPresent();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> group("edge-del").isEmpty());
  }

  @Test
  void withoutDeleteOnShutdownTheGroupStays() {
    try (Destination d = spec(Map.of()).open()) {
      assertThat(d.send(List.of(gauge("edge-keep", "pg_keep", "a", 1, System.currentTimeMillis()))))
          .isEqualTo(SendResult.DELIVERED);
    }
    assertThat(group("edge-keep")).isPresent();
  }

  @Test
  void inconsistentTypeIsRejectedWithTheBody() {
    long now = System.currentTimeMillis();
    try (Destination d = spec(Map.of()).open()) {
      assertThat(d.send(List.of(gauge("edge-t1", "pg_mixed_total", "a", 1, now))))
          .isEqualTo(SendResult.DELIVERED);
    }
    try (Destination d = spec(Map.of()).open()) {
      SendResult r =
          d.send(
              List.of(
                  new Sample(
                      "pg_mixed_total",
                      Labels.of("sentinel", "edge-t2", "target", "a"),
                      1,
                      now,
                      Sample.Kind.COUNTER)));
      assertThat(r.status()).isEqualTo(SendResult.Status.REJECTED);
      assertThat(r.reason()).startsWith("HTTP 400").contains("pg_mixed_total");
    }
  }
}
