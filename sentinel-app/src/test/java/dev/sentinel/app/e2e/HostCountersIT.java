package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.testing.PushgatewayServer;
import dev.sentinel.testing.VictoriaMetricsServer;
import dev.sentinel.testing.VictoriaMetricsServer.ExportedSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The netdev plugin in the daemon, as seed 002's users want it: the host's interface and protocol
 * counters pushed to a real VictoriaMetrics (counters; rate() there) and a real Pushgateway
 * (counters typed as counters, plus the per-second gauges a Pushgateway user cannot compute).
 */
class HostCountersIT {
  private static VictoriaMetricsServer vm;
  private static PushgatewayServer pushgateway;

  @BeforeAll
  static void startBackends() {
    vm = VictoriaMetricsServer.start();
    pushgateway = PushgatewayServer.start();
  }

  @AfterAll
  static void stopBackends() {
    if (vm != null) {
      vm.close();
    }
    if (pushgateway != null) {
      pushgateway.close();
    }
  }

  @Test
  void loopbackCountersAndRatesReachVictoriaMetricsAndThePushgateway(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(
        config,
        """
        sentinel:
          name: edge-net
        sender:
          flush_interval: 1s
          direct:
            victoria_metrics: {enabled: true, url: "%s"}
            pushgateway: {enabled: true, url: "%s"}
        tasks:
          - id: host-net
            plugin: netdev
            interval: 1s
            config: {interfaces_include: lo, rates: true, link: true}
        logging: {format: json, output: file, file_path: %s}
        self_metrics: {listen: ""}
        """
            .formatted(vm.writeUrl(), pushgateway.baseUrl(), dir.resolve("logs/sentinel.log")));

    try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
      List<ExportedSeries> rx =
          vm.awaitExport(
              "{__name__=\"netdev_receive_bytes_total\"}",
              got -> got.stream().mapToInt(s -> s.values().size()).sum() >= 4,
              Duration.ofSeconds(60));
      assertThat(rx)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.metric())
                    .containsEntry("interface", "lo")
                    .containsEntry("task_id", "host-net")
                    .containsEntry("plugin", "netdev")
                    .containsEntry("sentinel", "edge-net");
                assertThat(s.values())
                    .isSorted()
                    .last()
                    .isNotEqualTo(s.values().get(0)); // the pushes themselves cross lo
              });
      assertThat(vm.export("{__name__=\"netdev_receive_bytes_per_second\"}"))
          .singleElement()
          .satisfies(s -> assertThat(s.values()).allSatisfy(v -> assertThat(v).isPositive()));
      assertThat(vm.export("{__name__=\"netstat_Tcp_ActiveOpens_total\"}")).hasSize(1);
      assertThat(vm.export("{__name__=\"netdev_mtu_bytes\"}"))
          .singleElement()
          .satisfies(
              s ->
                  assertThat(s.values())
                      .allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(1500.0)));
      assertThat(vm.export("{__name__=\"device_status\"}"))
          .singleElement()
          .satisfies(s -> assertThat(s.values()).containsOnly(1.0));

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                PushgatewayServer.Group group =
                    pushgateway.groups().stream()
                        .filter(g -> g.families().containsKey("netdev_receive_bytes_total"))
                        .findFirst()
                        .orElseThrow();
                assertThat(group.families().get("netdev_receive_bytes_total").type())
                    .isEqualTo("COUNTER");
                assertThat(group.families().get("netdev_receive_bytes_total").metrics())
                    .singleElement()
                    .satisfies(m -> assertThat(m.labels()).containsEntry("interface", "lo"));
                assertThat(group.families().get("netdev_receive_bytes_per_second").type())
                    .isEqualTo("GAUGE");
                assertThat(
                        Double.parseDouble(
                            group
                                .families()
                                .get("netdev_receive_bytes_per_second")
                                .metrics()
                                .get(0)
                                .value()))
                    .isPositive();
              });
      assertThat(daemon.terminate()).as(daemon.output()).isZero();
    }
  }
}
