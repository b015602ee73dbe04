package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up for the disk spool tests: a spool in a temporary directory, a hand-moved clock,
 * recorded drops and corruption reports.
 */
abstract class SpoolTestSupport {
  static final long NOW = 1_700_000_000_000L;

  @TempDir Path dir;
  final Map<String, Long> drops = new ConcurrentHashMap<>();
  final List<String> corruptions = new ArrayList<>();
  final MutableClock clock = new MutableClock(NOW);
  final List<DiskBuffer> opened = new ArrayList<>();

  DiskBuffer open() throws IOException {
    return open(0, null, 8 << 20);
  }

  DiskBuffer open(long maxDisk, Duration maxAge, long segmentBytes) throws IOException {
    DiskBuffer b =
        DiskBuffer.open(
            dir,
            maxDisk,
            maxAge,
            segmentBytes,
            (d, reason, n) -> drops.merge(d + "/" + reason, n, Long::sum),
            (file, offset, bytes, problem) ->
                corruptions.add(file.getFileName() + "@" + offset + ": " + problem),
            clock);
    opened.add(b);
    return b;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(DiskBuffer::close);
  }

  static List<Sample> samples(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> Sample.gauge("m", Labels.of("host", "h" + (i % 7)), i, NOW + i))
        .toList();
  }

  static List<Double> values(List<Sample> s) {
    return s.stream().map(Sample::value).toList();
  }

  static List<Double> range(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> (double) i).toList();
  }

  /** Everything the reader has, acknowledged as read. */
  static List<Sample> drain(Buffer.Reader r) {
    List<Sample> all = new ArrayList<>();
    for (List<Sample> s = r.peek(777); !s.isEmpty(); s = r.peek(777)) {
      all.addAll(s);
      r.ack(s.size());
    }
    return all;
  }

  List<Path> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  /** A clock the tests move by hand. */
  static final class MutableClock extends Clock {
    volatile long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
