package dev.sentinel.sender.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SendResult.Status;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.testing.PrometheusServer;
import dev.sentinel.testing.PrometheusServer.Point;
import dev.sentinel.testing.PrometheusServer.QueriedSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Remote write against the real Debian Prometheus 2.42, with and without the receiver. */
class PrometheusIntegrationTest {
  private static PrometheusServer prometheus;
  private static PrometheusServer receiverOff;

  @BeforeAll
  static void startServers() {
    prometheus = PrometheusServer.start();
    receiverOff = PrometheusServer.startWithoutReceiver();
  }

  @AfterAll
  static void stopServers() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (receiverOff != null) {
      receiverOff.close();
    }
  }

  private static Destination open(String url) {
    Problems problems = new Problems("test.yaml");
    var spec =
        DestinationRegistry.load()
            .find("prometheus")
            .orElseThrow()
            .configure(
                Section.of("sender.direct.prometheus", Map.of("url", url), problems),
                VictoriaMetricsIntegrationTest.DEFAULTS);
    assertThat(problems.errors()).isEmpty();
    return spec.open();
  }

  @Test
  void remoteWriteIsQueryableExactly() {
    List<Sample> sent =
        VictoriaMetricsIntegrationTest.batch("it_prom_rw", System.currentTimeMillis() - 60_000);
    try (Destination d = open(prometheus.writeUrl())) {
      assertThat(d.name()).isEqualTo("prometheus");
      assertThat(d.send(sent)).isEqualTo(SendResult.DELIVERED);
    }

    for (String metric : List.of("it_prom_rw", "it_prom_rw_total")) {
      List<QueriedSeries> got = prometheus.query(metric + "[5m]");
      List<Sample> expected = sent.stream().filter(s -> s.name().equals(metric)).toList();
      Map<Map<String, String>, List<Point>> byLabels =
          new TreeMap<>(Comparator.comparing(Object::toString));
      got.forEach(s -> byLabels.put(new TreeMap<>(s.metric()), s.points()));
      Map<Map<String, String>, List<Point>> want =
          new TreeMap<>(Comparator.comparing(Object::toString));
      for (Sample s : expected) {
        Map<String, String> labels = new TreeMap<>(s.labels().asMap());
        labels.put("__name__", s.name());
        want.computeIfAbsent(labels, k -> new ArrayList<>())
            .add(new Point(s.timestampMs(), s.value()));
      }
      assertThat(byLabels).as(metric).isEqualTo(want);
    }
  }

  @Test
  void outOfOrderSampleIsRejectedByTheRealReceiver() {
    long now = System.currentTimeMillis();
    Labels labels = Labels.of("target", "ooo");
    try (Destination d = open(prometheus.writeUrl())) {
      assertThat(d.send(List.of(Sample.gauge("it_prom_ooo", labels, 1, now - 1000))))
          .isEqualTo(SendResult.DELIVERED);
      SendResult r = d.send(List.of(Sample.gauge("it_prom_ooo", labels, 2, now - 20_000)));
      assertThat(r.status()).isEqualTo(Status.REJECTED);
      assertThat(r.reason()).startsWith("HTTP 400").contains("out of order");
      // the poison batch is dropped by the loop; the next valid batch goes through
      assertThat(d.send(List.of(Sample.gauge("it_prom_ooo", labels, 3, now))))
          .isEqualTo(SendResult.DELIVERED);
    }
    assertThat(prometheus.query("it_prom_ooo[5m]").get(0).points())
        .containsExactly(new Point(now - 1000, 1), new Point(now, 3));
  }

  @Test
  void receiverOffIsRetriedWithTheFlagToSet() {
    try (Destination d = open(receiverOff.writeUrl())) {
      SendResult r =
          d.send(List.of(Sample.gauge("it_prom_off", Labels.EMPTY, 1, System.currentTimeMillis())));
      assertThat(r.status()).isEqualTo(Status.RETRY);
      assertThat(r.reason()).contains("--web.enable-remote-write-receiver");
    }
  }
}
