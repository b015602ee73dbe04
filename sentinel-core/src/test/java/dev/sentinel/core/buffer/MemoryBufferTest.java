package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryBufferTest {
  private final Map<String, Long> drops = new HashMap<>();
  private final MemoryBuffer buffer =
      new MemoryBuffer(5, (d, reason, n) -> drops.merge(d, n, Long::sum));

  private static List<Sample> samples(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> Sample.gauge("m", Labels.EMPTY, i, i)).toList();
  }

  private static List<Double> values(List<Sample> s) {
    return s.stream().map(Sample::value).toList();
  }

  @Test
  void readersHaveTheirOwnPositions() {
    Buffer.Reader a = buffer.reader("a");
    Buffer.Reader b = buffer.reader("b");
    buffer.append(samples(0, 3));
    assertThat(values(a.peek(2))).containsExactly(0.0, 1.0);
    a.ack(2);
    assertThat(values(a.peek(10))).containsExactly(2.0);
    assertThat(values(b.peek(10))).containsExactly(0.0, 1.0, 2.0);
    assertThat(a.pending()).isEqualTo(1);
    assertThat(b.pending()).isEqualTo(3);
    b.ack(3);
    assertThat(buffer.size()).isEqualTo(1); // freed what both acknowledged
  }

  @Test
  void unacknowledgedBatchIsSentAgain() {
    Buffer.Reader a = buffer.reader("a");
    buffer.append(samples(0, 2));
    assertThat(values(a.peek(10))).containsExactly(0.0, 1.0);
    assertThat(values(a.peek(10))).containsExactly(0.0, 1.0);
  }

  @Test
  void whenFullTheOldestGoAndAreCountedPerReader() {
    Buffer.Reader a = buffer.reader("a");
    Buffer.Reader b = buffer.reader("b");
    buffer.append(samples(0, 3));
    a.peek(3);
    a.ack(3);
    buffer.append(samples(3, 8)); // 8 held by b > 5
    assertThat(values(b.peek(10))).containsExactly(3.0, 4.0, 5.0, 6.0, 7.0);
    assertThat(b.dropped()).isEqualTo(3);
    assertThat(a.dropped()).isZero();
    assertThat(drops).containsExactly(Map.entry("b", 3L));
    assertThat(values(a.peek(10))).containsExactly(3.0, 4.0, 5.0, 6.0, 7.0);
  }

  @Test
  void ackAfterConcurrentDropNeverSkipsUnsentSamples() {
    Buffer.Reader a = buffer.reader("a");
    buffer.append(samples(0, 4));
    assertThat(a.peek(2)).hasSize(2); // peeked 0,1
    buffer.append(samples(4, 8)); // drops 0,1,2 -> position moves to 3
    a.ack(2);
    assertThat(values(a.peek(10))).containsExactly(3.0, 4.0, 5.0, 6.0, 7.0);
    List<Double> all = new ArrayList<>(values(a.peek(10)));
    assertThat(all).hasSize(5);
  }

  @Test
  void theHeapBoundDropsTheOldestLongBeforeTheCountBound() {
    Map<String, Long> dropped = new HashMap<>();
    // 10 series of 8 own labels each, 10 samples per series sharing their label set.
    List<Sample> batch = new ArrayList<>();
    for (int series = 0; series < 10; series++) {
      Labels labels =
          Labels.of(
              "a",
              "1",
              "b",
              "2",
              "c",
              "3",
              "d",
              "4",
              "e",
              "5",
              "f",
              "6",
              "g",
              "7",
              "h",
              "s" + series);
      for (int i = 0; i < 10; i++) {
        batch.add(Sample.gauge("m", labels, series * 10 + i, series * 10 + i));
      }
    }
    long perSeries = SampleSize.SAMPLE * 10L + SampleSize.LABELS + 8L * SampleSize.PER_LABEL;
    MemoryBuffer bounded =
        new MemoryBuffer(
            1_000_000, 5 * perSeries, (d, reason, n) -> dropped.merge(reason, n, Long::sum));
    Buffer.Reader r = bounded.reader("vm");
    bounded.append(batch);
    assertThat(bounded.size()).isBetween(45L, 55L);
    assertThat(bounded.bytes()).isLessThanOrEqualTo(5 * perSeries);
    assertThat(dropped.get("buffer_full")).isEqualTo(100 - bounded.size());
    assertThat(values(r.peek(1))).containsExactly((double) (100 - bounded.size()));
    r.ack((int) bounded.size());
    assertThat(bounded.size()).isZero();
    assertThat(bounded.bytes()).isZero();
  }

  @Test
  void samplesComeBackWholeAcrossChunksAndTimestampJumps() {
    MemoryBuffer big = new MemoryBuffer(1_000_000, (d, reason, n) -> {});
    Buffer.Reader a = big.reader("a");
    Buffer.Reader b = big.reader("b");
    Labels up = Labels.of("target", "10.0.0.1");
    List<Sample> in = new ArrayList<>();
    long t0 = 1_700_000_000_000L;
    for (int i = 0; i < 5000; i++) {
      // Every 700th sample jumps 30 days on: its offset from its chunk's first does not fit an int.
      long ts = t0 + i + (i / 700) * 30L * 86_400_000L;
      in.add(
          i % 3 == 0
              ? Sample.staleMarker("m" + (i % 7), up, ts, Sample.Kind.COUNTER)
              : Sample.gauge("m" + (i % 7), i % 2 == 0 ? up : Labels.EMPTY, i * 0.5, ts));
    }
    big.append(in.subList(0, 3000));
    big.append(in.subList(3000, 5000));
    List<Sample> out = new ArrayList<>();
    while (out.size() < in.size()) {
      List<Sample> got = a.peek(333);
      a.ack(got.size());
      out.addAll(got);
    }
    assertThat(out).isEqualTo(in);
    assertThat(out.get(3).isStaleMarker()).isTrue();
    assertThat(big.size()).isEqualTo(5000); // b has read nothing
    assertThat(b.peek(6000)).isEqualTo(in);
    b.ack(4999);
    assertThat(big.size()).isEqualTo(1);
    assertThat(b.peek(10)).containsExactly(in.get(4999));
    b.ack(1);
    assertThat(big.size()).isZero();
    assertThat(big.bytes()).isZero();
    big.append(in.subList(10, 12)); // the emptied buffer takes samples again
    assertThat(a.peek(10)).isEqualTo(in.subList(10, 12));
  }

  @Test
  void aBacklogOfPingSamplesIsEstimatedAtAboutThirtyBytesEach() {
    MemoryBuffer big = new MemoryBuffer(10_000_000, (d, reason, n) -> {});
    big.reader("vm");
    for (int target = 0; target < 10_000; target++) {
      Labels labels = Labels.of("target", "10.0." + target / 256 + "." + target % 256, "task", "t");
      List<Sample> run = new ArrayList<>();
      for (int m = 0; m < 12; m++) {
        run.add(Sample.gauge("sentinel_ping_m" + m, labels, m, 1_700_000_000_000L + target));
      }
      big.append(run);
    }
    assertThat(big.size()).isEqualTo(120_000);
    assertThat(big.bytes() / 120_000.0).isBetween(25.0, 35.0);
  }
}
