package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment files held and the bytes they take. It knows nothing of readers: the buffer decides
 * what to delete and counts the loss. Called under the buffer lock, except {@link #segments}, which
 * readers walk without it (a concurrent map: deleting a segment never disturbs a walk). There is
 * always a current segment, even an empty one: it carries the numbering on.
 */
final class SegmentStore {
  private static final Logger logger = LoggerFactory.getLogger(SegmentStore.class);

  final NavigableMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  private final SegmentWriter writer;
  private final long segmentBytes;
  private long totalBytes;
  private boolean dirDirty = true;

  SegmentStore(Path dir, SpoolRecovery.Result recovered, long segmentBytes) throws IOException {
    this.segmentBytes = segmentBytes;
    for (Segment s : recovered.segments()) {
      segments.put(s.firstSeq, s);
      totalBytes += s.bytes;
    }
    writer = new SegmentWriter(dir);
    add(writer.start(recovered.nextSeq())); // never appends to a file a previous run wrote
  }

  /** Writes samples as records, rolling to a new segment when the current one is full. */
  void append(List<Sample> samples) throws IOException {
    for (int from = 0; from < samples.size(); from += SegmentWriter.RECORD_SAMPLES) {
      int to = Math.min(samples.size(), from + SegmentWriter.RECORD_SAMPLES);
      int length = writer.encode(samples, from, to);
      Segment cur = writer.current();
      if (cur.samples() > 0 && cur.bytes + length > segmentBytes) {
        roll();
      }
      writer.write();
      totalBytes += length;
    }
  }

  void roll() throws IOException {
    add(writer.start(writer.current().endSeq));
  }

  private void add(Segment s) {
    segments.put(s.firstSeq, s);
    totalBytes += s.bytes;
    dirDirty = true;
  }

  void delete(Segment s) {
    segments.remove(s.firstSeq);
    s.deleted = true;
    totalBytes -= s.bytes;
    dirDirty = true;
    try {
      Files.deleteIfExists(s.path);
    } catch (IOException e) {
      logger.warn("Cannot delete spool segment {}: {}", s.path, e.toString());
    }
  }

  Segment current() {
    return writer.current();
  }

  Segment oldest() {
    return segments.firstEntry().getValue();
  }

  /** The sequence number the next sample appended gets. */
  long nextSeq() {
    return writer.current().endSeq;
  }

  long totalBytes() {
    return totalBytes;
  }

  int count() {
    return segments.size();
  }

  /** Samples held at or after {@code position}. */
  long heldFrom(long position) {
    long n = 0;
    for (Segment s :
        segments
            .tailMap(segments.floorKey(Math.max(position, segments.firstKey())), true)
            .values()) {
      n += s.samplesFrom(position);
    }
    return n;
  }

  /** The current file's channel if it has unforced writes (then counted as forced), else null. */
  FileChannel takeDirty() {
    return writer.takeDirty();
  }

  /** Whether segment files were created or deleted since the last call. */
  boolean takeDirDirty() {
    boolean d = dirDirty;
    dirDirty = false;
    return d;
  }

  void close(boolean force) throws IOException {
    writer.close(force);
  }
}
