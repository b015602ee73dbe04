package dev.sentinel.sender.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A URL whose path is known to be something other than remote write fails at load, naming the right
 * one.
 */
class RemoteWriteProviderTest {
  private static final String P = "test.yaml: sender.direct.victoria_metrics.url: ";
  private final Problems problems = new Problems("test.yaml");

  private void configure(RemoteWriteProvider provider, String url) {
    String path = "sender.direct." + provider.type();
    provider.configure(
        Section.of(path, Map.of("url", url), problems),
        new SenderDefaults(Duration.ofSeconds(5), "S/1"));
  }

  static Stream<Arguments> notRemoteWrite() {
    String vm = "http://vm:8428";
    String use = ", not remote write: use " + vm + "/api/v1/write";
    return Stream.of(
        Arguments.of(vm + "/api/v1/import", "is VictoriaMetrics' JSON-lines import endpoint" + use),
        Arguments.of(
            vm + "/api/v1/import/", "is VictoriaMetrics' JSON-lines import endpoint" + use),
        Arguments.of(
            vm + "/api/v1/import/prometheus",
            "is VictoriaMetrics' Prometheus text import endpoint" + use),
        Arguments.of(vm + "/api/v1/import/csv", "is VictoriaMetrics' CSV import endpoint" + use),
        Arguments.of(
            vm + "/api/v1/import/native", "is VictoriaMetrics' native import endpoint" + use),
        Arguments.of(
            vm + "/api/v1/export", "is VictoriaMetrics' export endpoint (it reads data)" + use),
        Arguments.of(vm + "/api/v1/query", "is the Prometheus query API (it reads data)" + use),
        Arguments.of(
            vm + "/api/v1/query_range?query=up",
            "is the Prometheus query API (it reads data)" + use),
        Arguments.of(vm + "/influx/write", "is the InfluxDB line protocol endpoint" + use),
        Arguments.of(vm + "/write", "is the InfluxDB line protocol endpoint" + use),
        Arguments.of(vm + "/metrics", "is a metrics page for scraping" + use),
        Arguments.of(vm + "/federate", "is Prometheus' federation endpoint (for scraping)" + use),
        Arguments.of(
            "http://vminsert:8480/insert/0/prometheus/api/v1/import",
            "is VictoriaMetrics' JSON-lines import endpoint, not remote write: use"
                + " http://vminsert:8480/insert/0/prometheus/api/v1/write"),
        Arguments.of(
            "http://vminsert:8480/insert/0/influx/write",
            "is the InfluxDB line protocol endpoint, not remote write: use"
                + " http://vminsert:8480/insert/0/prometheus/api/v1/write"),
        Arguments.of(
            "https://pg.example:9091/metrics/job/sentinel/instance/a",
            "is the Pushgateway's push path, not remote write: for the Pushgateway use"
                + " sender.direct.pushgateway with url: https://pg.example:9091"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notRemoteWrite")
  void knownWrongPathIsAnErrorNamingTheRightOne(String url, String expected) {
    configure(new VictoriaMetricsProvider(), url);
    assertThat(problems.errors()).containsExactly(P + expected);
    assertThat(problems.warnings()).isEmpty();
  }

  @Test
  void prometheusDestinationIsCheckedTheSameWay() {
    configure(new PrometheusProvider(), "http://prom:9090/api/v1/query");
    assertThat(problems.errors())
        .containsExactly(
            "test.yaml: sender.direct.prometheus.url: is the Prometheus query API"
                + " (it reads data), not remote write: use http://prom:9090/api/v1/write");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://vm:8428", "http://vm:8428/", "http://vm:8428//"})
  void noPathIsAWarningSayingWhereRemoteWriteLives(String url) {
    configure(new VictoriaMetricsProvider(), url);
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings())
        .containsExactly(
            P
                + "has no path; remote write lives at /api/v1/write (e.g."
                + " http://vm:8428/api/v1/write)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://vm:8428/api/v1/write",
        "http://vm:8428/prometheus/api/v1/write",
        "http://vminsert:8480/insert/0/prometheus/api/v1/write",
        "http://mimir:9009/api/v1/push",
        "https://prometheus-prod.grafana.net/api/prom/push",
        "http://thanos:19291/api/v1/receive",
        "https://proxy.example/tenant-a/write",
        "https://proxy.example/vm/metrics-in"
      })
  void otherPathsAreTakenAsWritten(String url) {
    configure(new VictoriaMetricsProvider(), url);
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings()).isEmpty();
  }
}
