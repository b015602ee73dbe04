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
  private final MemoryBuffer buffer = new MemoryBuffer(5, (d, reason, n) -> drops.merge(d, n, Long::sum));

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
}
