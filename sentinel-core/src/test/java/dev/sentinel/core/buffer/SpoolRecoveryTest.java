package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Damage a power loss or a bad disk leaves: found on open (or while reading), cut off, counted. */
class SpoolRecoveryTest extends SpoolTestSupport {

  /** Three records of 100 samples (0..299) in one segment, then closed. */
  Path threeRecords() throws IOException {
    DiskBuffer b = open();
    b.append(samples(0, 100));
    b.append(samples(100, 200));
    b.append(samples(200, 300));
    b.close();
    List<Path> files = segmentFiles();
    assertThat(files).hasSize(1);
    return files.get(0);
  }

  static void overwrite(Path file, long at, byte[] garbage) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(garbage), at);
    }
  }

  static byte[] garbage(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  @Test
  void aTornLastRecordIsCutOffCountedAndAppendsGoOn() throws IOException {
    Path seg = threeRecords();
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 10);
    }
    DiskBuffer b = open();
    assertThat(corruptions)
        .singleElement()
        .asString()
        .contains("record cut short", "at least 100 samples lost");
    Buffer.Reader r = b.reader("r");
    b.append(samples(300, 310));
    List<Sample> seen = drain(r);
    assertThat(values(seen)).containsExactlyElementsOf(concat(range(0, 200), range(300, 310)));
    assertThat(drops).containsExactly(Map.entry("r/corrupt", 100L));
    b.close();

    corruptions.clear();
    DiskBuffer again = open();
    assertThat(corruptions).isEmpty(); // cut off once, not reported again
    assertThat(again.reader("r").pending()).isZero();
  }

  @Test
  void garbageInsideARecordKeepsTheRecordsBeforeIt() throws IOException {
    Path seg = threeRecords();
    overwrite(seg, Files.size(seg) / 2, garbage(16)); // inside the second record's payload
    DiskBuffer b = open();
    assertThat(corruptions).singleElement().asString().contains("checksum mismatch");
    assertThat(values(drain(b.reader("r")))).isEqualTo(range(0, 100));
    b.append(samples(300, 301));
    assertThat(values(drain(b.reader("r")))).containsExactly(300.0);
    assertThat(drops.get("r/corrupt"))
        .isEqualTo(100); // the damaged record; the third is beyond counting
  }

  @Test
  void aGarbledFirstHeaderLeavesAnEmptySpoolThatStillWorks() throws IOException {
    Path seg = threeRecords();
    overwrite(seg, SegmentFormat.FILE_HEADER, garbage(24));
    DiskBuffer b = open();
    assertThat(corruptions).singleElement().asString().contains("bad record header");
    Buffer.Reader r = b.reader("r");
    assertThat(r.pending()).isZero();
    b.append(samples(0, 5));
    assertThat(values(drain(r))).isEqualTo(range(0, 5));
  }

  @Test
  void garbageAfterTheLastRecordLosesNothing() throws IOException {
    Path seg = threeRecords();
    Files.write(seg, garbage(37), StandardOpenOption.APPEND);
    DiskBuffer b = open();
    assertThat(corruptions).hasSize(1);
    assertThat(values(drain(b.reader("r")))).isEqualTo(range(0, 300));
    assertThat(drops).isEmpty();
  }

  @Test
  void aWhollyGarbledFileIsRemovedAndAnEmptyOneQuietly() throws IOException {
    DiskBuffer b = open();
    b.append(samples(0, 10));
    b.close();
    Files.write(dir.resolve(Segment.fileName(5_000)), garbage(100));
    Files.write(dir.resolve(Segment.fileName(6_000)), new byte[0]);
    DiskBuffer b2 = open();
    assertThat(corruptions)
        .singleElement()
        .asString()
        .startsWith(Segment.fileName(5_000) + "@0")
        .contains("removed");
    // the empty 6000 was removed and made again as the new current segment, numbering continuing
    // there
    assertThat(segmentFiles())
        .containsExactly(dir.resolve(Segment.fileName(0)), dir.resolve(Segment.fileName(6_000)));
    assertThat(Files.size(dir.resolve(Segment.fileName(6_000))))
        .isEqualTo(SegmentFormat.FILE_HEADER);
    Buffer.Reader r = b2.reader("r");
    b2.append(samples(10, 12));
    assertThat(values(drain(r)))
        .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0);
    // 10..6000 were never written, but numbering continued after the highest name seen: a gap
    assertThat(drops.get("r/corrupt")).isEqualTo(6_000 - 10);
  }

  @Test
  void damageInAMiddleSegmentIsCountedExactlyFromTheSequenceGap() throws IOException {
    DiskBuffer b = open(0, null, 8 << 10);
    for (int i = 0; i < 3000; i += 100) {
      b.append(samples(i, i + 100));
    }
    b.close();
    List<Path> files = segmentFiles();
    assertThat(files.size()).isGreaterThan(3);
    Path middle = files.get(1);
    overwrite(middle, Files.size(middle) - 30, garbage(8));
    DiskBuffer b2 = open();
    assertThat(corruptions).hasSize(1);
    Buffer.Reader r = b2.reader("r");
    List<Sample> seen = drain(r);
    assertThat(seen.size() + drops.get("r/corrupt")).isEqualTo(3000);
    assertThat(drops.get("r/corrupt")).isPositive();
    assertThat(values(seen)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void damageFoundWhileRunningIsSkippedNotLoopedOn() throws IOException {
    DiskBuffer b = open(0, null, 8 << 10);
    for (int i = 0; i < 3000; i += 100) {
      b.append(samples(i, i + 100));
    }
    Path first = segmentFiles().get(0);
    overwrite(first, SegmentFormat.FILE_HEADER + 30, garbage(8)); // after the open-time scan
    Buffer.Reader r = b.reader("r");
    List<Sample> seen = drain(r);
    assertThat(seen).isNotEmpty();
    assertThat(seen.size() + drops.get("r/corrupt")).isEqualTo(3000);
    b.append(samples(3000, 3001));
    assertThat(values(drain(r))).containsExactly(3000.0);
  }

  static List<Double> concat(List<Double> a, List<Double> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
