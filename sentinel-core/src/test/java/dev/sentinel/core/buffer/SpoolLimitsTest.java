package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Segments go when every reader acknowledged them, or when the size or age limit says so (counted).
 */
class SpoolLimitsTest extends SpoolTestSupport {

  static List<Sample> at(long ts, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> Sample.gauge("m", Labels.EMPTY, i, ts)).toList();
  }

  @Test
  void aSegmentIsDeletedOnlyOnceEveryReaderAcknowledgedIt() throws IOException {
    DiskBuffer b = open(0, null, 8 << 10);
    Buffer.Reader a = b.reader("a");
    Buffer.Reader c = b.reader("c");
    for (int i = 0; i < 3000; i += 100) {
      b.append(samples(i, i + 100));
    }
    int files = segmentFiles().size();
    assertThat(files).isGreaterThan(3);
    drain(a);
    assertThat(segmentFiles()).hasSize(files);
    c.peek(1500);
    c.ack(1500);
    assertThat(segmentFiles().size()).isBetween(2, files - 1);
    drain(c);
    assertThat(segmentFiles()).hasSize(1);
    assertThat(b.size()).isZero();
    assertThat(drops).isEmpty();
  }

  @Test
  void overTheSizeLimitTheOldestSegmentsGoAndOnlyReadersBehindCountThem() throws IOException {
    DiskBuffer b = open(64 << 10, null, 16 << 10);
    Buffer.Reader fast = b.reader("fast");
    Buffer.Reader slow = b.reader("slow");
    for (int i = 0; i < 20_000; i += 100) {
      b.append(samples(i, i + 100));
      drain(fast);
      assertThat(b.diskBytes()).isLessThanOrEqualTo(64 << 10);
    }
    long lost = slow.dropped();
    assertThat(lost).isPositive();
    assertThat(drops).containsExactly(Map.entry("slow/max_disk_size", lost));
    assertThat(fast.dropped()).isZero();
    assertThat(slow.pending() + lost).isEqualTo(20_000);
    assertThat(values(drain(slow))).isEqualTo(range((int) lost, 20_000));
  }

  @Test
  void samplesOlderThanTheMaxAgeAreDroppedAndCounted() throws IOException {
    DiskBuffer b = open(0, Duration.ofHours(1), 8 << 20);
    Buffer.Reader r = b.reader("r");
    Buffer.Reader done = b.reader("done");
    b.append(at(NOW - Duration.ofHours(2).toMillis(), 0, 100)); // already too old
    b.append(at(NOW, 100, 200));
    drain(done);
    assertThat(values(r.peek(1000))).isEqualTo(range(100, 200));
    assertThat(drops).containsOnly(Map.entry("r/max_age", 100L), Map.entry("done/max_age", 100L));

    clock.millis = NOW + Duration.ofHours(2).toMillis(); // everything held is now too old
    b.append(at(clock.millis, 200, 210));
    assertThat(values(r.peek(1000))).isEqualTo(range(200, 210));
    assertThat(r.dropped()).isEqualTo(200);
    assertThat(drops)
        .containsEntry("r/max_age", 200L)
        .containsEntry("done/max_age", 100L); // done had read 100..199

    clock.millis += Duration.ofHours(2).toMillis(); // no appends: the peek itself applies the limit
    assertThat(r.peek(1000)).isEmpty();
    assertThat(r.dropped()).isEqualTo(210);
    assertThat(drops).containsEntry("r/max_age", 210L).containsEntry("done/max_age", 110L);
    assertThat(segmentFiles()).hasSize(1);
  }

  @Test
  void theAgeLimitAppliesAfterARestartToo() throws IOException {
    DiskBuffer b = open(0, Duration.ofHours(1), 8 << 20);
    b.reader("r");
    b.append(at(NOW, 0, 50));
    b.close();
    clock.millis = NOW + Duration.ofHours(3).toMillis();
    DiskBuffer b2 = open(0, Duration.ofHours(1), 8 << 20);
    Buffer.Reader r = b2.reader("r");
    assertThat(r.peek(100)).isEmpty();
    assertThat(drops).containsExactly(Map.entry("r/max_age", 50L));
  }
}
