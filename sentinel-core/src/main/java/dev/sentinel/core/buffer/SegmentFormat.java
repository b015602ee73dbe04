package dev.sentinel.core.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk layout, and the scan that validates a segment on open.
 *
 * <pre>
 * file header, version 2 (24 B):  magic "SNTLSPLV" | version u32 (2) | firstSeq i64
 *                                 | crc32c(previous 20 B) u32
 * file header, version 1 (20 B):  magic "SNTLSPL1" | firstSeq i64 | crc32c(previous 16 B) u32
 * record, both versions (24 B + n): payloadLength u32 | sampleCount u32 | maxTimestamp i64
 *                       | crc32c(payload) u32 | crc32c(previous 20 header bytes) u32 | payload
 * </pre>
 *
 * Version 1 files (written before segments carried a version) are read, never written: each run
 * starts a new segment, and old ones go once every destination has read them. A version this code
 * does not know is refused ({@link FormatVersion}), never cut off as damage.
 *
 * <p>The record header has its own checksum so that when a power loss cuts a record short, the
 * header still says how many samples were lost; garbage fails the header check and is never trusted
 * for a length. All integers are big-endian.
 */
final class SegmentFormat {
  /** The file header this code writes (version 2). */
  static final int FILE_HEADER = 24;

  private static final int V1_FILE_HEADER = 20;
  static final int RECORD_HEADER = 24;
  static final int MAX_PAYLOAD = 64 << 20;
  static final int MAX_COUNT = 1 << 20;
  private static final String KIND = "SNTLSPL";
  private static final String WHAT = "spool segment";

  private SegmentFormat() {}

  static ByteBuffer fileHeader(long firstSeq) {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER);
    FormatVersion.put(b, KIND);
    b.putLong(firstSeq);
    b.putInt(crc(b.array(), 0, FILE_HEADER - 4));
    return b.flip();
  }

  /**
   * The format version of a segment file, from its start: {@link FormatVersion#NOT_OURS} for
   * damage. Throws for a version this code cannot read; changes nothing.
   */
  static int version(FileChannel ch, Path file) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(FormatVersion.PREFIX);
    readFully(ch, b, 0);
    return FormatVersion.of(b.array(), b.position(), KIND, WHAT, file);
  }

  /**
   * Where the first record starts, after a valid file header for {@code firstSeq}; 0 if the header
   * is missing or damaged. Throws for a version this code cannot read.
   */
  static int dataStart(FileChannel ch, Path file, long firstSeq) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER);
    readFully(ch, b, 0);
    byte[] a = b.array();
    int n = b.position();
    int version = FormatVersion.of(a, n, KIND, WHAT, file);
    int length = version == 1 ? V1_FILE_HEADER : FILE_HEADER;
    if (version == FormatVersion.NOT_OURS || n < length) {
      return 0;
    }
    boolean valid =
        b.getLong(length - 12) == firstSeq && b.getInt(length - 4) == crc(a, 0, length - 4);
    return valid ? length : 0;
  }

  /** Fills the header into the first {@link #RECORD_HEADER} bytes of {@code rec}. */
  static void putRecordHeader(byte[] rec, int payloadLength, int count, long maxTs) {
    ByteBuffer b = ByteBuffer.wrap(rec, 0, RECORD_HEADER);
    b.putInt(payloadLength).putInt(count).putLong(maxTs);
    b.putInt(crc(rec, RECORD_HEADER, payloadLength));
    b.putInt(crc(rec, 0, 20));
  }

  /** A record header that passed its checksum and bounds. */
  record Header(int payloadLength, int count, long maxTs, int payloadCrc) {
    long totalLength() {
      return RECORD_HEADER + (long) payloadLength;
    }
  }

  /** The header at the buffer's start, or null if it fails its checksum or bounds. */
  static Header parseHeader(ByteBuffer b) {
    byte[] a = new byte[20];
    b.get(0, a);
    if (b.getInt(20) != crc(a, 0, 20)) {
      return null;
    }
    int length = b.getInt(0);
    int count = b.getInt(4);
    if (length < 0 || length > MAX_PAYLOAD || count <= 0 || count > MAX_COUNT) {
      return null;
    }
    return new Header(length, count, b.getLong(8), b.getInt(16));
  }

  static int crc(byte[] a, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(a, off, len);
    return (int) c.getValue();
  }

  /** Reads until the buffer is full; false if the file ends first. */
  static boolean readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, position);
      if (n < 0) {
        return false;
      }
      position += n;
    }
    return true;
  }

  /**
   * What a scan found. {@code dataStart} is where records start (0: no valid file header); {@code
   * goodBytes} ends the last intact record; {@code problem} is null for a clean file; {@code
   * lostSamples} counts samples in a damaged record whose header was intact (the only loss we can
   * count within the file; loss between segments shows as a sequence gap).
   */
  record Scan(
      int dataStart,
      long goodBytes,
      long fileBytes,
      long samples,
      long maxTs,
      long lostSamples,
      String problem) {}

  /**
   * Validates every record of a segment from the start. Never throws for bad content; throws for a
   * format version this code cannot read.
   */
  static Scan scan(FileChannel ch, Path file, long firstSeq) throws IOException {
    long size = ch.size();
    int start = dataStart(ch, file, firstSeq);
    if (start == 0) {
      return new Scan(0, 0, size, 0, Long.MIN_VALUE, 0, "bad or missing file header");
    }
    long pos = start;
    long samples = 0;
    long maxTs = Long.MIN_VALUE;
    ByteBuffer hb = ByteBuffer.allocate(RECORD_HEADER);
    ByteBuffer payload = ByteBuffer.allocate(64 * 1024);
    while (pos < size) {
      hb.clear();
      if (!readFully(ch, hb, pos)) {
        return new Scan(start, pos, size, samples, maxTs, 0, "partial record header at the end");
      }
      Header h = parseHeader(hb);
      if (h == null) {
        return new Scan(start, pos, size, samples, maxTs, 0, "bad record header (garbage)");
      }
      if (payload.capacity() < h.payloadLength()) {
        payload = ByteBuffer.allocate(h.payloadLength());
      }
      payload.clear().limit(h.payloadLength());
      if (!readFully(ch, payload, pos + RECORD_HEADER)) {
        return new Scan(start, pos, size, samples, maxTs, h.count(), "record cut short");
      }
      if (crc(payload.array(), 0, h.payloadLength()) != h.payloadCrc()) {
        return new Scan(start, pos, size, samples, maxTs, h.count(), "record checksum mismatch");
      }
      samples += h.count();
      maxTs = Math.max(maxTs, h.maxTs());
      pos += h.totalLength();
    }
    return new Scan(start, pos, size, samples, maxTs, 0, null);
  }
}
