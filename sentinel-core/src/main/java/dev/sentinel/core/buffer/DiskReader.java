package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's view of the disk spool. Its position is a sequence number: everything before it
 * was acknowledged (or counted as dropped). Reading happens outside the buffer lock, so a sender
 * reading a long backlog from disk never holds up the probes appending.
 *
 * <p>Lock order: this reader, then the buffer; the buffer never waits for a reader.
 */
final class DiskReader implements Buffer.Reader {
  private static final Logger logger = LoggerFactory.getLogger(DiskReader.class);

  /** Damaged records one peek steps over before it gives up for now: never an endless loop. */
  private static final int MAX_DAMAGE_PER_PEEK = 3;

  final String destination;
  private final DiskBuffer buffer;
  private final SegmentCursor cursor;

  /** Guarded by the buffer lock: drops move it without this reader's lock. */
  long position;

  private long dropped;
  private long peekedFrom;
  private long written = -1;
  private boolean durable = true;

  DiskReader(String destination, DiskBuffer buffer, long position) {
    this.destination = destination;
    this.buffer = buffer;
    this.cursor = new SegmentCursor(buffer.store.segments);
    this.position = position;
    this.peekedFrom = position;
  }

  /** Moves to {@code target} if behind it, counting the skipped samples; buffer lock held. */
  void lose(long target, String reason, Buffer.DropListener onDrop) {
    if (position < target) {
      long n = target - position;
      position = target;
      dropped += n;
      onDrop.dropped(destination, reason, n);
    }
  }

  @Override
  public synchronized List<Sample> peek(int max) {
    for (int attempt = 1; ; attempt++) {
      try {
        return read(max);
      } catch (IOException e) {
        // typically a segment deleted (size/age limit) before we opened it: start again from
        // the position the drop moved us to
        cursor.reset();
        if (attempt == 3) {
          throw new UncheckedIOException("cannot read spool for destination " + destination, e);
        }
      }
    }
  }

  private List<Sample> read(int max) throws IOException {
    long start = buffer.beginPeek(this);
    long cutoff = buffer.ageCutoff();
    List<Sample> out = new ArrayList<>(Math.max(0, Math.min(max, 8192)));
    long seq = start;
    int damages = 0;
    while (out.size() < max) {
      SegmentCursor.Batch b;
      try {
        b = cursor.next(seq);
      } catch (SegmentCursor.Damaged d) {
        if (!out.isEmpty() || ++damages > MAX_DAMAGE_PER_PEEK) {
          break;
        }
        cursor.reset();
        start = seq = buffer.damaged(this, d);
        continue;
      }
      if (b == null) {
        break;
      }
      boolean gap = b.firstSeq() > seq;
      if (gap || b.maxTs() < cutoff) {
        // Only at the start of a peek: what a peek returns must be one run from peekedFrom.
        if (!out.isEmpty()) {
          break;
        }
        start =
            seq =
                gap
                    ? buffer.skip(this, b.firstSeq(), "corrupt")
                    : buffer.skip(this, b.endSeq(), "max_age");
        continue;
      }
      int from = (int) (seq - b.firstSeq());
      int n = Math.min(b.samples().size() - from, max - out.size());
      out.addAll(b.samples().subList(from, from + n));
      seq += n;
    }
    peekedFrom = start;
    return out;
  }

  @Override
  public synchronized void ack(int count) {
    if (count <= 0) {
      return;
    }
    // Samples dropped since the peek were already skipped; the buffer never moves past the tail.
    long p = buffer.acknowledge(this, peekedFrom + count);
    if (p != written) {
      try {
        buffer.positions().write(destination, p, false);
        written = p;
        durable = false;
      } catch (IOException e) {
        logger.warn(
            "Cannot save the spool position of destination {}: {} (after a restart it may send some"
                + " samples again)",
            destination,
            e.toString());
      }
    }
  }

  /** Forces the last saved position to the device, if it is not already. */
  synchronized void syncPosition() throws IOException {
    if (!durable) {
      buffer.positions().write(destination, written, true);
      durable = true;
    }
  }

  synchronized void closeCursor() {
    cursor.close();
  }

  @Override
  public long pending() {
    synchronized (buffer) {
      return buffer.heldFrom(position);
    }
  }

  @Override
  public long dropped() {
    synchronized (buffer) {
      return dropped;
    }
  }
}
