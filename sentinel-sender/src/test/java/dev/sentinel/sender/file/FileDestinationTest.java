package dev.sentinel.sender.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SendResult.Status;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDestinationTest {
  private static final SenderDefaults DEFAULTS =
      new SenderDefaults(Duration.ofSeconds(5), "Sentinel/test");
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  private DestinationSpec configure(Map<String, ?> options, Problems problems) {
    return new FileProvider()
        .configure(Section.of("sender.direct.file", options, problems), DEFAULTS);
  }

  @Test
  void formatsOneLinePerSeriesInTheImportFormat() {
    Labels labels = Labels.of("target", "x", "device_id", "edge-1");
    String text =
        JsonLines.format(
            List.of(
                Sample.gauge("ping_rtt_ms", labels, 0.05, T0),
                Sample.gauge("up", Labels.EMPTY, 1, T0),
                Sample.gauge("ping_rtt_ms", labels, 0.06, T0 + 1000)));
    assertThat(text)
        .isEqualTo(
            "{\"metric\":{\"__name__\":\"ping_rtt_ms\",\"device_id\":\"edge-1\",\"target\":\"x\"},\"values\":[0.05,0.06],\"timestamps\":[1700000000000,1700000001000]}\n"
                + "{\"metric\":{\"__name__\":\"up\"},\"values\":[1],\"timestamps\":[1700000000000]}\n");
    assertThat(JsonLines.format(List.of())).isEmpty();
  }

  @Test
  void leavesStalenessMarkersOut() {
    Labels labels = Labels.of("target", "x");
    String text =
        JsonLines.format(
            List.of(
                Sample.gauge("up", labels, 1, T0),
                Sample.staleMarker("up", labels, T0 + 1000, Sample.Kind.GAUGE)));
    assertThat(text)
        .isEqualTo(
            "{\"metric\":{\"__name__\":\"up\",\"target\":\"x\"},\"values\":[1],\"timestamps\":[1700000000000]}\n");
    assertThat(
            JsonLines.format(
                List.of(Sample.staleMarker("up", labels, T0 + 1000, Sample.Kind.GAUGE))))
        .isEmpty();
  }

  @Test
  void escapesStringsAndWritesSpecialValues() {
    Labels labels = Labels.of("v", "a\"b\\c\nd\u0001é");
    String text =
        JsonLines.format(
            List.of(
                Sample.gauge("m", labels, Double.POSITIVE_INFINITY, T0),
                Sample.gauge("m", labels, Double.NEGATIVE_INFINITY, T0 + 1),
                Sample.gauge("m", labels, 1.0E-7, T0 + 2),
                Sample.gauge("m", labels, 1.0E20, T0 + 3),
                Sample.gauge("m", labels, -0.0, T0 + 4),
                Sample.gauge("m", labels, -3, T0 + 5)));
    assertThat(text)
        .isEqualTo(
            "{\"metric\":{\"__name__\":\"m\",\"v\":\"a\\\"b\\\\c\\n"
                + "d\\u0001é\"},\"values\":[+Inf,-Inf,1.0E-7,1.0E20,0,-3],\"timestamps\":[1700000000000,1700000000001,1700000000002,1700000000003,1700000000004,1700000000005]}\n");
  }

  @Test
  void appendsBatchesAndCreatesParentDirectories() throws Exception {
    Path file = dir.resolve("a/b/samples.jsonl");
    Problems problems = new Problems("test.yaml");
    DestinationSpec spec = configure(Map.of("path", file.toString()), problems);
    assertThat(problems.errors()).isEmpty();
    assertThat(spec.name()).isEqualTo("file");
    assertThat(spec.describe()).contains(file.toString());

    try (Destination d = spec.open()) {
      assertThat(d.name()).isEqualTo("file");
      assertThat(Files.exists(file)).isTrue();
      assertThat(d.send(List.of(Sample.gauge("m", Labels.EMPTY, 1, T0))))
          .isEqualTo(SendResult.DELIVERED);
      assertThat(d.send(List.of())).isEqualTo(SendResult.DELIVERED);
      assertThat(d.send(List.of(Sample.gauge("m", Labels.EMPTY, 2, T0 + 1))))
          .isEqualTo(SendResult.DELIVERED);
      // visible without close: flushed per batch
      assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(2);
    }
    try (Destination d = spec.open()) {
      d.send(List.of(Sample.gauge("m", Labels.EMPTY, 3, T0 + 2)));
    }
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
        .containsExactly(
            "{\"metric\":{\"__name__\":\"m\"},\"values\":[1],\"timestamps\":[1700000000000]}",
            "{\"metric\":{\"__name__\":\"m\"},\"values\":[2],\"timestamps\":[1700000000001]}",
            "{\"metric\":{\"__name__\":\"m\"},\"values\":[3],\"timestamps\":[1700000000002]}");
  }

  @Test
  void ioErrorIsRetriedAndRecovers() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a regular file where a directory should be");
    Path file = blocker.resolve("samples.jsonl");
    try (Destination d = configure(Map.of("path", file.toString()), new Problems("t")).open()) {
      SendResult r = d.send(List.of(Sample.gauge("m", Labels.EMPTY, 1, T0)));
      assertThat(r.status()).isEqualTo(Status.RETRY);
      assertThat(r.reason()).contains("cannot write", file.toString());

      Files.delete(blocker);
      assertThat(d.send(List.of(Sample.gauge("m", Labels.EMPTY, 1, T0))))
          .isEqualTo(SendResult.DELIVERED);
      assertThat(Files.readAllLines(file)).hasSize(1);
    }
  }

  @Test
  void pathDefaultsAndValidation() {
    Problems problems = new Problems("test.yaml");
    FileSpec spec = (FileSpec) configure(Map.of(), problems);
    assertThat(problems.errors()).isEmpty();
    assertThat(spec.path()).isEqualTo(Path.of("./data/samples.jsonl"));

    configure(Map.of("path", " "), problems);
    configure(Map.of("path", "bad\0name"), problems);
    configure(Map.of("path", "data/"), problems);
    assertThat(problems.errors())
        .hasSize(3)
        .allSatisfy(e -> assertThat(e).startsWith("test.yaml: sender.direct.file.path: "));
  }
}
