package dev.sentinel.sender.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.sender.file.JsonLines;
import dev.sentinel.testing.VictoriaMetricsServer;
import dev.sentinel.testing.VictoriaMetricsServer.ExportedSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Remote write and the file format against the real Debian VictoriaMetrics 1.79. */
class VictoriaMetricsIntegrationTest {
  static final SenderDefaults DEFAULTS = new SenderDefaults(Duration.ofSeconds(5), "Sentinel/it");
  private static VictoriaMetricsServer vm;

  @BeforeAll
  static void startServer() {
    vm = VictoriaMetricsServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (vm != null) {
      vm.close();
    }
  }

  /** Three series, four timestamps each, interleaved as a sender would batch them. */
  static List<Sample> batch(String metric, long t0) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long t = t0 + i * 1000L;
      out.add(
          Sample.gauge(
              metric, Labels.of("device_id", "edge-1", "target", "10.0.0.1"), 0.25 + i, t));
      out.add(
          Sample.gauge(
              metric, Labels.of("device_id", "edge-1", "target", "10.0.0.2"), 12.5 * i, t));
      out.add(Sample.gauge(metric + "_total", Labels.of("device_id", "edge-1"), 100 + i, t));
    }
    return out;
  }

  static void assertExported(List<ExportedSeries> got, List<Sample> sent) {
    Map<Map<String, String>, List<Sample>> expected =
        sent.stream()
            .collect(
                Collectors.groupingBy(
                    s -> {
                      Map<String, String> m = new TreeMap<>(s.labels().asMap());
                      m.put("__name__", s.name());
                      return m;
                    }));
    Map<Map<String, String>, ExportedSeries> byLabels =
        got.stream().collect(Collectors.toMap(s -> new TreeMap<>(s.metric()), Function.identity()));
    assertThat(byLabels.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (labels, samples) -> {
          ExportedSeries s = byLabels.get(labels);
          assertThat(s.timestamps())
              .as(labels.toString())
              .containsExactlyElementsOf(samples.stream().map(Sample::timestampMs).toList());
          assertThat(s.values())
              .as(labels.toString())
              .containsExactlyElementsOf(samples.stream().map(Sample::value).toList());
        });
  }

  @Test
  void remoteWriteIsStoredExactly() {
    Problems problems = new Problems("test.yaml");
    DestinationSpec spec =
        DestinationRegistry.load()
            .find("victoria_metrics")
            .orElseThrow()
            .configure(
                Section.of(
                    "sender.direct.victoria_metrics", Map.of("url", vm.writeUrl()), problems),
                DEFAULTS);
    assertThat(problems.errors()).isEmpty();

    List<Sample> sent = batch("it_vm_rw", System.currentTimeMillis() - 60_000);
    try (Destination d = spec.open()) {
      assertThat(d.send(sent)).isEqualTo(SendResult.DELIVERED);
    }

    List<ExportedSeries> got = vm.awaitExport("{__name__=~\"it_vm_rw.*\"}", sent.size());
    assertExported(got, sent);
  }

  @Test
  void fileLinesImportExactly() {
    long t0 = System.currentTimeMillis() - 30_000;
    Labels odd = Labels.of("note", "quote\" backslash\\ newline\n tab\t ünïcødé ✓");
    List<Sample> sent = new ArrayList<>(batch("it_vm_file", t0));
    sent.add(Sample.gauge("it_vm_file_special", odd, Double.POSITIVE_INFINITY, t0));
    sent.add(Sample.gauge("it_vm_file_special", odd, Double.NEGATIVE_INFINITY, t0 + 1));
    sent.add(Sample.gauge("it_vm_file_special", odd, 42, t0 + 2));
    // VictoriaMetrics keeps ~12 significant digits per block, so magnitudes get their own series
    sent.add(Sample.gauge("it_vm_file_small", Labels.EMPTY, 1.0E-7, t0));
    sent.add(Sample.gauge("it_vm_file_small", Labels.EMPTY, 2.5E-7, t0 + 1));
    sent.add(Sample.gauge("it_vm_file_big", Labels.EMPTY, 1.5E20, t0));

    assertThat(vm.importJsonLines(JsonLines.format(sent))).isEqualTo(204);

    List<ExportedSeries> got = vm.awaitExport("{__name__=~\"it_vm_file.*\"}", sent.size());
    assertExported(got, sent);
  }
}
