package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spool files carry a format version: a spool of today's or an older version is read, one this
 * Sentinel does not know is refused with one line, and nothing in it is touched.
 */
class SpoolFormatVersionTest extends SpoolTestSupport {
  static final String UPGRADE =
      "; this Sentinel reads versions 1 to 2: upgrade Sentinel, or move the spool away";

  @Test
  void theFixtureIsAVersion1Spool() throws IOException {
    SpoolV1Fixture.copyTo(dir);
    assertThat(segmentFiles()).hasSize(3);
    for (Path seg : segmentFiles()) {
      assertThat(magic(seg)).isEqualTo("SNTLSPL1");
    }
    assertThat(positionFiles()).hasSize(2);
    for (Path pos : positionFiles()) {
      assertThat(magic(pos)).isEqualTo("SNTLPOS1");
      assertThat(Files.size(pos)).isEqualTo(20);
    }
  }

  @Test
  void aVersion1SpoolIsReadWithEverySampleAndPosition() throws IOException {
    SpoolV1Fixture.copyTo(dir);
    DiskBuffer b = open();
    assertThat(corruptions).isEmpty();
    Buffer.Reader a = b.reader("a");
    Buffer.Reader vm = b.reader("vm/prod:8428");
    Buffer.Reader fresh = b.reader("new");
    assertThat(drain(a))
        .isEqualTo(SpoolV1Fixture.samples(SpoolV1Fixture.A_ACKED, SpoolV1Fixture.SAMPLES));
    assertThat(drain(vm))
        .isEqualTo(SpoolV1Fixture.samples(SpoolV1Fixture.VM_ACKED, SpoolV1Fixture.SAMPLES));
    assertThat(drain(fresh)).isEqualTo(SpoolV1Fixture.samples(0, SpoolV1Fixture.SAMPLES));
    assertThat(drops).isEmpty();
  }

  @Test
  void aVersion1SpoolCarriesOnInVersion2AcrossRestarts() throws IOException {
    SpoolV1Fixture.copyTo(dir);
    DiskBuffer b = open();
    Buffer.Reader a = b.reader("a");
    Buffer.Reader vm = b.reader("vm/prod:8428");
    b.append(SpoolV1Fixture.samples(600, 650)); // into a new, version 2 segment
    a.ack(a.peek(100).size()); // a at 350
    b.close();

    DiskBuffer b2 = open();
    assertThat(corruptions).isEmpty();
    assertThat(magic(positionFile("a"))).isEqualTo("SNTLPOSV"); // rewritten on its ack
    assertThat(magic(positionFile("vm/prod:8428"))).isEqualTo("SNTLPOS1"); // not acked since
    Buffer.Reader a2 = b2.reader("a");
    Buffer.Reader vm2 = b2.reader("vm/prod:8428");
    assertThat(drain(a2)).isEqualTo(SpoolV1Fixture.samples(350, 650));
    assertThat(drain(vm2)).isEqualTo(SpoolV1Fixture.samples(40, 650));
    assertThat(segmentFiles()).allSatisfy(seg -> assertThat(magic(seg)).isEqualTo("SNTLSPLV"));
    assertThat(drops).isEmpty();
  }

  @Test
  void aTornVersion1SegmentIsCutOffAsBefore() throws IOException {
    SpoolV1Fixture.copyTo(dir);
    Path last = segmentFiles().get(2);
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 10);
    }
    DiskBuffer b = open();
    assertThat(corruptions)
        .singleElement()
        .asString()
        .contains("record cut short", "at least 50 samples lost");
    Buffer.Reader vm = b.reader("vm/prod:8428");
    assertThat(drain(vm)).isEqualTo(SpoolV1Fixture.samples(40, 550));
    b.append(SpoolV1Fixture.samples(600, 601));
    assertThat(drain(vm)).isEqualTo(SpoolV1Fixture.samples(600, 601));
    assertThat(drops).containsExactly(Map.entry("vm/prod:8428/corrupt", 50L));
  }

  @Test
  void newFilesCarryTheVersionAndReopen() throws IOException {
    DiskBuffer b = open(0, null, 8 << 10);
    Buffer.Reader r = b.reader("r");
    for (int i = 0; i < 1000; i += 100) {
      b.append(samples(i, i + 100));
    }
    r.ack(r.peek(300).size());
    b.close();
    assertThat(segmentFiles()).hasSizeGreaterThan(1);
    for (Path seg : segmentFiles()) {
      ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(seg));
      assertThat(magic(seg)).isEqualTo("SNTLSPLV");
      assertThat(h.getInt(8)).isEqualTo(2);
      assertThat(h.getLong(12)).isEqualTo(Segment.parseName(seg.getFileName().toString()));
    }
    Path pos = positionFile("r");
    assertThat(magic(pos)).isEqualTo("SNTLPOSV");
    assertThat(Files.size(pos)).isEqualTo(24);
    assertThat(ByteBuffer.wrap(Files.readAllBytes(pos)).getInt(8)).isEqualTo(2);

    DiskBuffer b2 = open();
    assertThat(values(drain(b2.reader("r")))).isEqualTo(range(300, 1000));
    assertThat(corruptions).isEmpty();
  }

  @Test
  void aSegmentOfANewerVersionIsRefusedWithOneLineAndNothingIsTouched() throws IOException {
    Path newer = mixedSpoolWithATornSegment();
    putInt(newer, 8, 3);
    Map<String, String> before = snapshot();

    assertThatThrownBy(this::open)
        .isInstanceOf(IOException.class)
        .hasMessage("spool segment " + newer + " has format version 3" + UPGRADE);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(corruptions).isEmpty();
  }

  @Test
  void aPositionFileOfANewerVersionIsRefusedWithOneLineAndNothingIsTouched() throws IOException {
    mixedSpoolWithATornSegment();
    Path pos = positionFile("a");
    putInt(pos, 8, 3);
    Map<String, String> before = snapshot();

    assertThatThrownBy(this::open)
        .isInstanceOf(IOException.class)
        .hasMessage("spool position file " + pos + " has format version 3" + UPGRADE);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(corruptions).isEmpty();
  }

  @Test
  void aSpoolFileOfAnUnknownFormatIsRefusedNotRemoved() throws IOException {
    Path seg = mixedSpoolWithATornSegment();
    overwrite(seg, 0, "SNTLSPL9".getBytes(StandardCharsets.US_ASCII));
    Map<String, String> before = snapshot();
    assertThatThrownBy(this::open)
        .hasMessage(
            "spool segment " + seg + " has an unknown format (it starts \"SNTLSPL9\")" + UPGRADE);

    overwrite(seg, 0, "SNTLSPLV".getBytes(StandardCharsets.US_ASCII));
    putInt(seg, 8, -1);
    assertThatThrownBy(this::open)
        .hasMessage("spool segment " + seg + " has format version 4294967295" + UPGRADE);

    putInt(seg, 8, 1); // version 1 never had a version field
    assertThatThrownBy(this::open)
        .hasMessage(
            "spool segment "
                + seg
                + " has an unknown format (\"SNTLSPLV\" followed by version 1)"
                + UPGRADE);
    before.put(seg.getFileName().toString(), hex(seg));
    assertThat(snapshot()).isEqualTo(before);
    assertThat(corruptions).isEmpty();
  }

  /**
   * A spool an upgrade leaves: version 1 segments (the first cut short, which opening would cut
   * off), a version 2 one, position files of both versions; returns the version 2 segment.
   */
  Path mixedSpoolWithATornSegment() throws IOException {
    SpoolV1Fixture.copyTo(dir);
    DiskBuffer b = open();
    Buffer.Reader a = b.reader("a");
    b.reader("vm/prod:8428");
    b.append(SpoolV1Fixture.samples(600, 650));
    a.ack(a.peek(10).size());
    b.close();
    Path first = segmentFiles().get(0);
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 10);
    }
    List<Path> segs = segmentFiles();
    Path v2 = segs.get(segs.size() - 1);
    assertThat(magic(v2)).isEqualTo("SNTLSPLV");
    assertThat(magic(positionFile("a"))).isEqualTo("SNTLPOSV");
    assertThat(magic(positionFile("vm/prod:8428"))).isEqualTo("SNTLPOS1");
    return v2;
  }

  Path positionFile(String destination) throws IOException {
    return new Positions(dir).file(destination);
  }

  List<Path> positionFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("positions"))) {
      return s.sorted().toList();
    }
  }

  /** Every file under the spool directory, by relative path, with its content. */
  Map<String, String> snapshot() throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(p).toString(), hex(p));
      }
    }
    return m;
  }

  static String hex(Path p) throws IOException {
    return HexFormat.of().formatHex(Files.readAllBytes(p));
  }

  static String magic(Path file) throws IOException {
    byte[] a = Files.readAllBytes(file);
    return new String(a, 0, 8, StandardCharsets.US_ASCII);
  }

  static void putInt(Path file, long at, int value) throws IOException {
    overwrite(file, at, ByteBuffer.allocate(4).putInt(value).array());
  }

  static void overwrite(Path file, long at, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), at);
    }
  }
}
