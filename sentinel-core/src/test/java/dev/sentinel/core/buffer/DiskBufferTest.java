package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DiskBufferTest extends SpoolTestSupport {
  @Test
  void roundTripKeepsEveryDetailAndReadersHaveTheirOwnPositions() throws IOException {
    DiskBuffer b = open();
    Buffer.Reader a = b.reader("a");
    Buffer.Reader c = b.reader("c");
    List<Sample> in =
        List.of(
            Sample.gauge("up", Labels.EMPTY, 1, NOW),
            new Sample(
                "probe_total",
                Labels.of("target", "10.0.0.1", "job", "ping"),
                42,
                NOW - 5,
                Sample.Kind.COUNTER),
            Sample.gauge(
                "v",
                Labels.of("unicode", "Grüße ✓ 漢字", "q", "a \"quoted\"\nline"),
                Double.POSITIVE_INFINITY,
                Long.MAX_VALUE),
            Sample.gauge(
                "v",
                Labels.of("unicode", "Grüße ✓ 漢字", "q", "a \"quoted\"\nline"),
                Double.NEGATIVE_INFINITY,
                Long.MIN_VALUE),
            Sample.gauge("v", Labels.of("x", "y"), -0.0, 0),
            Sample.gauge("v", Labels.of("x", "y"), 0.0, -1),
            Sample.gauge("v:sub_1", Labels.of("x", "z"), Double.MIN_VALUE, 3),
            Sample.gauge("v", Labels.of("x", "y"), Double.MAX_VALUE, NOW));
    b.append(in);
    assertThat(a.peek(2)).containsExactlyElementsOf(in.subList(0, 2));
    a.ack(2);
    List<Sample> rest = a.peek(100);
    assertThat(rest).containsExactlyElementsOf(in.subList(2, in.size()));
    assertThat(Double.doubleToRawLongBits(rest.get(2).value()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(c.peek(100)).containsExactlyElementsOf(in);
    assertThat(a.pending()).isEqualTo(6);
    assertThat(c.pending()).isEqualTo(8);
    c.ack(8);
    assertThat(b.size()).isEqualTo(6);
    assertThat(a.peek(100)).hasSize(6); // not acknowledged: the same again
  }

  @Test
  void largeBatchesSpanRecordsAndSegments() throws IOException {
    DiskBuffer b = open(0, null, 64 << 10);
    Buffer.Reader r = b.reader("r");
    b.append(samples(0, 10_000));
    b.append(samples(10_000, 10_001));
    assertThat(segmentFiles().size()).isGreaterThan(2);
    assertThat(r.peek(5)).hasSize(5);
    assertThat(values(drain(r))).isEqualTo(range(0, 10_001));
    assertThat(r.pending()).isZero();
    assertThat(segmentFiles()).hasSize(1); // all acknowledged: only the current segment is left
  }

  @Test
  void restartKeepsUnacknowledgedSamplesAndPositions() throws IOException {
    DiskBuffer b = open();
    Buffer.Reader a = b.reader("a");
    Buffer.Reader c = b.reader("c");
    b.append(samples(0, 100));
    a.peek(30);
    a.ack(30);
    c.peek(70);
    c.ack(70);
    b.close();

    DiskBuffer b2 = open();
    Buffer.Reader a2 = b2.reader("a");
    Buffer.Reader c2 = b2.reader("c");
    assertThat(a2.pending()).isEqualTo(70);
    b2.append(samples(100, 110));
    assertThat(values(drain(a2))).isEqualTo(range(30, 110));
    assertThat(values(drain(c2))).isEqualTo(range(70, 110));
    assertThat(drops).isEmpty();
    assertThat(corruptions).isEmpty();
  }

  @Test
  void crashWithoutCloseLosesNothingAppendedAndResendsOnlyTheUnacknowledged() throws IOException {
    DiskBuffer b = open();
    Buffer.Reader r = b.reader("r");
    b.append(samples(0, 500));
    r.peek(200);
    r.ack(200);
    r.peek(100); // in flight when killed
    b.append(samples(500, 600));
    b.abandonForTest();

    DiskBuffer b2 = open();
    assertThat(values(drain(b2.reader("r")))).isEqualTo(range(200, 600));
    assertThat(corruptions).isEmpty();
  }

  @Test
  void aDestinationNeverSeenStartsAtTheOldestDataHeld() throws IOException {
    DiskBuffer b = open(0, null, 64 << 10);
    Buffer.Reader a = b.reader("a");
    for (int i = 0; i < 20_000; i += 100) {
      b.append(samples(i, i + 100));
    }
    a.peek(15_000);
    a.ack(15_000); // frees the segments wholly before 15000, not the one holding 15000
    assertThat(b.size()).isEqualTo(5000);
    Buffer.Reader late = b.reader("late");
    List<Sample> seen = drain(late);
    assertThat(seen.size()).isBetween(5001, 19_999);
    assertThat(values(seen)).isEqualTo(range(20_000 - seen.size(), 20_000));
    assertThat(b.reader("a")).isSameAs(a);
  }

  @Test
  void aPositionPastTheDataIsClampedAndADamagedOneStartsAtTheOldest() throws IOException {
    DiskBuffer b = open();
    b.append(samples(0, 10));
    b.close();
    Positions p = new Positions(dir);
    p.write("ahead", 1_000_000, true);
    Files.write(p.file("broken"), new byte[] {1, 2, 3});
    DiskBuffer b2 = open();
    Buffer.Reader ahead = b2.reader("ahead");
    Buffer.Reader broken = b2.reader("broken");
    assertThat(ahead.pending()).isZero();
    assertThat(broken.pending()).isEqualTo(10);
    b2.append(samples(10, 12));
    assertThat(values(ahead.peek(10))).containsExactly(10.0, 11.0);
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
    open();
    assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("in use");
  }

  @Test
  void ackAfterADropDoesNotMoveBack() throws IOException {
    DiskBuffer b = open(48 << 10, null, 16 << 10);
    Buffer.Reader r = b.reader("r");
    b.append(samples(0, 100));
    assertThat(r.peek(100)).hasSize(100);
    for (int i = 100; i < 20_000; i += 100) {
      b.append(samples(i, i + 100)); // the size limit drops what r had peeked
    }
    long dropped = r.dropped();
    assertThat(dropped).isGreaterThan(100);
    r.ack(100);
    List<Sample> next = r.peek(1);
    assertThat(next.get(0).value()).isEqualTo((double) dropped);
    assertThat(r.pending() + r.dropped()).isEqualTo(20_000);
  }

  @Test
  void anInterruptedAppendOrPeekFailsAloneAndTheSpoolCarriesOn() throws IOException {
    DiskBuffer b = open();
    Buffer.Reader r = b.reader("r");
    b.append(samples(0, 10));
    Thread.currentThread().interrupt(); // closes any FileChannel this thread touches
    assertThatThrownBy(() -> b.append(samples(10, 20))).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> r.peek(100)).isInstanceOf(UncheckedIOException.class);
    assertThat(Thread.interrupted()).isTrue();
    b.append(samples(20, 30));
    assertThat(values(drain(r))).isEqualTo(concat(range(0, 10), range(20, 30)));
    b.close();
    assertThat(values(drain(open().reader("r")))).isEmpty();
    assertThat(corruptions).isEmpty();
  }

  static List<Double> concat(List<Double> a, List<Double> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
