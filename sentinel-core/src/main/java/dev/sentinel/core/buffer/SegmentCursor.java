package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One reader's place in the segment files. It remembers the file offset of the record it is at and
 * keeps that record decoded, so a peek costs the records it returns, not a rescan from the start of
 * the segment: a backlog of millions of samples is read once. Only this reader's thread uses it.
 *
 * <p>It reads without the buffer lock, never past a segment's committed size. A segment deleted
 * under it (size or age limit) stays readable through an open channel; opening one that is gone
 * fails with an {@link IOException} and the reader simply starts over from its new position.
 */
final class SegmentCursor implements AutoCloseable {
  /** A decoded record: samples with sequence numbers firstSeq, firstSeq+1, ... */
  record Batch(Segment segment, long firstSeq, List<Sample> samples, long maxTs) {
    long endSeq() {
      return firstSeq + samples.size();
    }
  }

  /** A record that cannot be read although the open-time scan accepted it (disk damage, a bug). */
  static final class Damaged extends Exception {
    final transient Segment segment;

    Damaged(Segment segment, long offset, String why) {
      super(segment.path + " at byte " + offset + ": " + why);
      this.segment = segment;
    }
  }

  private final NavigableMap<Long, Segment> segments;
  private final ByteBuffer header = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER);
  private byte[] payload = new byte[64 * 1024];
  private Segment segment;
  private FileChannel channel;

  /** File offset of the current record, and the sequence number of its first sample. */
  private long offset;

  private long offsetSeq;
  private Batch cached;

  SegmentCursor(NavigableMap<Long, Segment> segments) {
    this.segments = segments;
  }

  /**
   * The record holding {@code seq}; if {@code seq} lies in a gap (lost data), the first record
   * after it; null if nothing at or after {@code seq} is committed yet.
   */
  Batch next(long seq) throws IOException, Damaged {
    if (cached != null && cached.firstSeq <= seq && seq < cached.endSeq()) {
      return cached;
    }
    Map.Entry<Long, Segment> e = segments.floorEntry(seq);
    Segment s = e != null ? e.getValue() : firstOrNull();
    while (s != null) {
      if (s != segment) {
        open(s);
      } else if (offsetSeq > seq) {
        offset = s.dataStart;
        offsetSeq = s.firstSeq;
      }
      long limit = s.bytes;
      while (offset < limit) {
        SegmentFormat.Header h = readHeader(s);
        if (offsetSeq + h.count() > seq) {
          cached = new Batch(s, offsetSeq, decode(s, h), h.maxTs());
          return cached;
        }
        offset += h.totalLength();
        offsetSeq += h.count();
      }
      Map.Entry<Long, Segment> next = segments.higherEntry(s.firstSeq);
      if (next == null) {
        return null; // the current segment: no more committed yet
      }
      if (offset >= s.bytes) { // once a later segment exists, this size is final
        s = next.getValue();
      }
    }
    return null;
  }

  private Segment firstOrNull() {
    Map.Entry<Long, Segment> first = segments.firstEntry();
    return first == null ? null : first.getValue();
  }

  private void open(Segment s) throws IOException {
    closeChannel();
    channel = FileChannel.open(s.path, StandardOpenOption.READ);
    segment = s;
    offset = s.dataStart;
    offsetSeq = s.firstSeq;
  }

  private SegmentFormat.Header readHeader(Segment s) throws IOException, Damaged {
    header.clear();
    if (!SegmentFormat.readFully(channel, header, offset)) {
      throw new Damaged(s, offset, "file shorter than its committed size");
    }
    SegmentFormat.Header h = SegmentFormat.parseHeader(header);
    if (h == null) {
      throw new Damaged(s, offset, "bad record header");
    }
    return h;
  }

  private List<Sample> decode(Segment s, SegmentFormat.Header h) throws IOException, Damaged {
    if (payload.length < h.payloadLength()) {
      payload = new byte[h.payloadLength()];
    }
    ByteBuffer b = ByteBuffer.wrap(payload, 0, h.payloadLength());
    if (!SegmentFormat.readFully(channel, b, offset + SegmentFormat.RECORD_HEADER)) {
      throw new Damaged(s, offset, "record cut short");
    }
    if (SegmentFormat.crc(payload, 0, h.payloadLength()) != h.payloadCrc()) {
      throw new Damaged(s, offset, "record checksum mismatch");
    }
    try {
      return SampleCodec.decode(payload, 0, h.payloadLength(), h.count());
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new Damaged(s, offset, "undecodable record: " + e.getMessage());
    }
  }

  /** Forgets the place, e.g. after the reader's position was moved by a drop or damage. */
  void reset() {
    closeChannel();
    cached = null;
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only channel: nothing to lose
      }
      channel = null;
    }
    segment = null;
  }

  @Override
  public void close() {
    reset();
  }
}
