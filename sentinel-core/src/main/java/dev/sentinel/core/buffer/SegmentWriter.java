package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends records to the current segment. Not thread-safe: the buffer calls it under its lock.
 *
 * <p>Each record is encoded into memory and handed to the OS in one positional write, so when
 * {@link #write} returns the record is in the page cache and survives a kill of the process. It
 * reaches the device only on {@link #takeDirty} + force (the buffer's sync thread, about once a
 * second), on a roll and on close: a power loss can cost up to about a second of samples, and the
 * scan on open cuts the torn tail off.
 */
final class SegmentWriter {
  /** Samples per record at most: bounds what a reader decodes to return a few samples. */
  static final int RECORD_SAMPLES = 2048;

  private final Path dir;
  private final SampleCodec codec = new SampleCodec();
  private Segment current;
  private FileChannel channel;
  private boolean dirty;
  private int encodedLength;
  private int encodedCount;
  private long encodedMaxTs;

  SegmentWriter(Path dir) {
    this.dir = dir;
  }

  Segment current() {
    return current;
  }

  /** Starts a new, empty current segment, forcing and closing the previous one. */
  Segment start(long firstSeq) throws IOException {
    if (channel != null) {
      reopenIfClosed();
      channel.force(false);
      channel.close();
      channel = null;
    }
    Segment s = new Segment(dir, firstSeq, SegmentFormat.FILE_HEADER);
    FileChannel ch =
        FileChannel.open(
            s.path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    try {
      ByteBuffer h = SegmentFormat.fileHeader(firstSeq);
      while (h.hasRemaining()) {
        ch.write(h, h.position());
      }
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    s.bytes = SegmentFormat.FILE_HEADER;
    channel = ch;
    current = s;
    dirty = true;
    return s;
  }

  /** Encodes samples[from, to) as the next record; returns its length in bytes. */
  int encode(List<Sample> samples, int from, int to) {
    codec.encode(samples, from, to, SegmentFormat.RECORD_HEADER);
    int payload = codec.length() - SegmentFormat.RECORD_HEADER;
    if (payload > SegmentFormat.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "a record of "
              + (to - from)
              + " samples takes "
              + payload
              + " bytes, more than the spool allows");
    }
    long maxTs = Long.MIN_VALUE;
    for (int i = from; i < to; i++) {
      maxTs = Math.max(maxTs, samples.get(i).timestampMs());
    }
    SegmentFormat.putRecordHeader(codec.bytes(), payload, to - from, maxTs);
    encodedLength = codec.length();
    encodedCount = to - from;
    encodedMaxTs = maxTs;
    return encodedLength;
  }

  /**
   * Writes the last encoded record at the committed end. On failure (disk full) the file is cut
   * back to the committed end, so a half-written record never sits in front of later ones.
   */
  void write() throws IOException {
    reopenIfClosed();
    Segment s = current;
    long at = s.bytes;
    ByteBuffer b = ByteBuffer.wrap(codec.bytes(), 0, encodedLength);
    try {
      while (b.hasRemaining()) {
        channel.write(b, at + b.position());
      }
    } catch (IOException e) {
      try {
        channel.truncate(at);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    s.maxTimestamp = Math.max(s.maxTimestamp, encodedMaxTs);
    s.bytes = at + encodedLength;
    s.endSeq = s.endSeq + encodedCount; // published last: readers trust bytes, count by records
    dirty = true;
  }

  /**
   * A FileChannel closes itself when a thread using it is interrupted (a task cancelled during
   * append): open the current file again, cut back to the committed end, and carry on.
   */
  private void reopenIfClosed() throws IOException {
    if (!channel.isOpen()) {
      channel = FileChannel.open(current.path, StandardOpenOption.WRITE);
      channel.truncate(current.bytes);
    }
  }

  /** The channel to force if anything was written since the last call, else null. */
  FileChannel takeDirty() {
    if (!dirty || channel == null) {
      return null;
    }
    dirty = false;
    return channel;
  }

  /**
   * Closes the current file; {@code force} first makes it durable (false only to simulate a crash).
   */
  void close(boolean force) throws IOException {
    if (channel != null) {
      try {
        if (force) {
          channel.force(false);
        }
      } finally {
        channel.close();
        channel = null;
      }
    }
  }
}
