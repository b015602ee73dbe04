package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * A bounded in-memory buffer shared by all readers. Samples are numbered; each reader keeps its own
 * position. A sample is freed once every reader has acknowledged it. When more than {@code
 * capacity} samples, or more than {@code maxBytes} of heap by {@link SampleSize}'s estimate, are
 * held, the oldest go, and each reader that had not read them counts them as dropped (reported
 * through {@code onDrop}, reason {@code buffer_full}).
 */
public final class MemoryBuffer implements Buffer {
  private final int capacity;
  private final long maxBytes;
  private final DropListener onDrop;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private final List<MemoryReader> readers = new CopyOnWriteArrayList<>();

  /** Sequence number of the first sample in {@link #samples}. */
  private long head;

  private long bytes;

  /**
   * The labels of the last sample appended and of the last one removed: samples leave in the order
   * they came, so a sample's estimate is the same when it leaves as when it came.
   */
  private Labels lastAppended;

  private Labels lastRemoved;

  public MemoryBuffer(int capacity, DropListener onDrop) {
    this(capacity, Long.MAX_VALUE, onDrop);
  }

  public MemoryBuffer(int capacity, long maxBytes, DropListener onDrop) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.onDrop = onDrop;
  }

  @Override
  public synchronized void append(List<Sample> batch) {
    for (Sample s : batch) {
      bytes += SampleSize.estimate(s, lastAppended);
      lastAppended = s.labels();
      samples.addLast(s);
    }
    int excess = 0;
    while (samples.size() > capacity || (bytes > maxBytes && samples.size() > 1)) {
      removeHead();
      excess++;
    }
    if (excess > 0) {
      head += excess;
      for (MemoryReader r : readers) {
        r.skipTo(head, n -> onDrop.dropped(r.destination, "buffer_full", n));
      }
    }
  }

  @Override
  public synchronized Reader reader(String destination) {
    MemoryReader r = new MemoryReader(destination, head);
    readers.add(r);
    return r;
  }

  @Override
  public synchronized Reader readerAtEnd(String destination) {
    MemoryReader r = new MemoryReader(destination, head + samples.size());
    readers.add(r);
    return r;
  }

  @Override
  public synchronized long removeReader(String destination) {
    long pending = 0;
    for (MemoryReader r : readers) {
      if (r.destination.equals(destination)) {
        pending += r.pending();
        readers.remove(r);
      }
    }
    if (readers.isEmpty()) {
      head += samples.size();
      while (!samples.isEmpty()) {
        removeHead();
      }
    } else {
      trim();
    }
    return pending;
  }

  @Override
  public synchronized long size() {
    return samples.size();
  }

  /** The estimated heap bytes the held samples take. */
  public synchronized long bytes() {
    return bytes;
  }

  private void removeHead() {
    Sample s = samples.removeFirst();
    bytes -= SampleSize.estimate(s, lastRemoved);
    lastRemoved = s.labels();
  }

  /** Frees samples every reader has acknowledged. */
  private void trim() {
    long min = Long.MAX_VALUE;
    for (MemoryReader r : readers) {
      min = Math.min(min, r.position);
    }
    while (head < min && !samples.isEmpty()) {
      removeHead();
      head++;
    }
  }

  private final class MemoryReader implements Reader {
    private final String destination;
    private long position;
    private long peekedFrom;
    private long dropped;

    MemoryReader(String destination, long position) {
      this.destination = destination;
      this.position = position;
    }

    void skipTo(long newHead, LongConsumer lost) {
      if (position < newHead) {
        long n = newHead - position;
        dropped += n;
        position = newHead;
        lost.accept(n);
      }
    }

    @Override
    public List<Sample> peek(int max) {
      synchronized (MemoryBuffer.this) {
        peekedFrom = position;
        int offset = (int) (position - head);
        int n = Math.min(max, samples.size() - offset);
        List<Sample> out = new ArrayList<>(Math.max(n, 0));
        Iterator<Sample> it = samples.iterator();
        for (int i = 0; i < offset; i++) {
          it.next();
        }
        for (int i = 0; i < n; i++) {
          out.add(it.next());
        }
        return out;
      }
    }

    @Override
    public void ack(int count) {
      synchronized (MemoryBuffer.this) {
        // Samples dropped since the peek were already skipped; never move past the tail.
        long target = Math.min(peekedFrom + count, head + samples.size());
        position = Math.max(position, target);
        trim();
      }
    }

    @Override
    public long pending() {
      synchronized (MemoryBuffer.this) {
        return head + samples.size() - position;
      }
    }

    @Override
    public long dropped() {
      synchronized (MemoryBuffer.this) {
        return dropped;
      }
    }
  }
}
