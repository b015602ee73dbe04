package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The spool under {@code src/test/resources/spool-v1/}: written by the version 1 code (before
 * segment and position files carried a format version), see the README there.
 */
final class SpoolV1Fixture {
  static final String RESOURCE = "/spool-v1";
  static final int SAMPLES = 600;
  static final int A_ACKED = 250;
  static final int VM_ACKED = 40;

  private SpoolV1Fixture() {}

  /** Sample i of the fixture: both kinds, repeated and fresh label sets, awkward values. */
  static Sample sample(int i) {
    String name =
        switch (i % 3) {
          case 0 -> "probe_success";
          case 1 -> "probe_duration_seconds";
          default -> "sentinel_bytes_total";
        };
    Labels labels =
        i % 5 == 0
            ? Labels.EMPTY
            : Labels.of("instance", "host-" + (i % 4), "job", "ping", "zone", "zürich-" + (i % 2));
    double value =
        switch (i % 7) {
          case 0 -> -0.0;
          case 1 -> Double.POSITIVE_INFINITY;
          case 2 -> Double.NEGATIVE_INFINITY;
          case 3 -> Double.MIN_VALUE;
          default -> i * 1.5e9 - 7;
        };
    long ts = 1_700_000_000_000L + i * 1000L - (i % 4 == 3 ? 5000 : 0); // not always rising
    return new Sample(
        name, labels, value, ts, i % 3 == 2 ? Sample.Kind.COUNTER : Sample.Kind.GAUGE);
  }

  static List<Sample> samples(int from, int to) {
    return IntStream.range(from, to).mapToObj(SpoolV1Fixture::sample).toList();
  }

  /** Copies the fixture's segment and position files into {@code dir}. */
  static void copyTo(Path dir) throws IOException {
    Path from;
    try {
      from = Path.of(SpoolV1Fixture.class.getResource(RESOURCE).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Files.createDirectories(dir.resolve("positions"));
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(p -> p.toString().matches(".*\\.(seg|pos)")).toList()) {
        Files.copy(f, dir.resolve(from.relativize(f).toString()));
      }
    }
  }
}
