package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reload asks of the buffers: readers added at the end, readers removed. */
class ReloadReadersTest extends SpoolTestSupport {
  @Test
  void theSpoolStartsAnAddedReaderAtTheEndAndForgetsARemovedOne() throws IOException {
    DiskBuffer b = open();
    Buffer.Reader kept = b.reader("kept");
    Buffer.Reader gone = b.reader("gone");
    b.append(samples(0, 10));
    assertThat(values(drain(kept))).isEqualTo(range(0, 10));
    Buffer.Reader added = b.readerAtEnd("added");
    assertThat(added.pending()).isZero();
    assertThat(b.removeReader("gone")).isEqualTo(10);
    assertThat(gone.pending()).isEqualTo(10); // the object is merely forgotten
    assertThat(b.size()).isZero(); // nothing is held for the removed reader any more
    b.append(samples(10, 15));
    assertThat(values(drain(added))).isEqualTo(range(10, 15));
    b.close();
    // After a restart the removed destination has no position; the added one kept its own.
    DiskBuffer again = open();
    assertThat(Files.list(dir.resolve("positions")).map(p -> p.getFileName().toString()))
        .noneMatch(n -> n.startsWith("gone"));
    assertThat(values(drain(again.reader("added")))).isEmpty();
    assertThat(values(drain(again.reader("kept")))).isEqualTo(range(10, 15));
    again.close();
  }

  @Test
  void theMemoryBufferDoesTheSame() {
    MemoryBuffer b = new MemoryBuffer(100, (d, r, n) -> {});
    Buffer.Reader kept = b.reader("kept");
    b.reader("gone");
    b.append(samples(0, 10));
    assertThat(values(drain(kept))).isEqualTo(range(0, 10));
    Buffer.Reader added = b.readerAtEnd("added");
    assertThat(added.pending()).isZero();
    assertThat(b.removeReader("gone")).isEqualTo(10);
    assertThat(b.size()).isZero();
    b.append(samples(10, 12));
    assertThat(values(drain(added))).isEqualTo(range(10, 12));
  }

  @Test
  void aStalenessMarkerKeepsItsExactBitsThroughTheSpool() throws IOException {
    DiskBuffer b = open();
    Buffer.Reader r = b.reader("r");
    Sample marker = Sample.staleMarker("up", Labels.of("a", "b"), NOW, Sample.Kind.GAUGE);
    assertThat(marker.isStaleMarker()).isTrue();
    assertThat(Sample.gauge("up", Labels.EMPTY, 1, NOW).isStaleMarker()).isFalse();
    b.append(List.of(marker));
    Sample back = drain(r).get(0);
    assertThat(Double.doubleToRawLongBits(back.value())).isEqualTo(Sample.STALE_NAN_BITS);
    assertThat(back.isStaleMarker()).isTrue();
    b.close();
  }
}
