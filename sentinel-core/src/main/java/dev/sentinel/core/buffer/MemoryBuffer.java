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
 *
 * <p>Samples are held in {@link Chunk}s of columns rather than as objects: a backlog of millions of
 * samples (a destination away at 100,000 samples a second) then takes about half the heap, and the
 * collector has a few arrays to trace instead of a few million objects. {@link Reader#peek} makes
 * the samples again, short-lived.
 */
public final class MemoryBuffer implements Buffer {
  private final int capacity;
  private final long maxBytes;
  private final DropListener onDrop;

  /** Oldest first; samples are taken from the first chunk's {@code start} and added to the last. */
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();

  private final List<MemoryReader> readers = new CopyOnWriteArrayList<>();

  /** Sequence number of the oldest sample held. */
  private long head;

  private long held;
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
    Chunk tail = chunks.peekLast();
    for (Sample s : batch) {
      if (tail == null || !tail.add(s)) {
        tail = new Chunk();
        chunks.addLast(tail);
        tail.add(s);
      }
      bytes += SampleSize.estimate(s.labels(), lastAppended);
      lastAppended = s.labels();
    }
    held += batch.size();
    int excess = 0;
    while (held > capacity || (bytes > maxBytes && held > 1)) {
      removeOldest();
      excess++;
    }
    if (excess > 0) {
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
    MemoryReader r = new MemoryReader(destination, head + held);
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
      while (held > 0) {
        removeOldest();
      }
    } else {
      trim();
    }
    return pending;
  }

  @Override
  public synchronized long size() {
    return held;
  }

  /** The estimated heap bytes the held samples take. */
  public synchronized long bytes() {
    return bytes;
  }

  private void removeOldest() {
    Chunk first = chunks.peekFirst();
    Labels labels = first.removeFirst();
    bytes -= SampleSize.estimate(labels, lastRemoved);
    lastRemoved = labels;
    held--;
    head++;
    if (first.size() == 0) {
      // Only the last chunk takes new samples: an earlier one is done, the last starts over.
      if (chunks.size() > 1) {
        chunks.removeFirst();
      } else {
        first.reset();
      }
    }
  }

  /** Frees samples every reader has acknowledged. */
  private void trim() {
    long min = Long.MAX_VALUE;
    for (MemoryReader r : readers) {
      min = Math.min(min, r.position);
    }
    while (head < min && held > 0) {
      removeOldest();
    }
  }

  /** Up to {@code n} samples from sequence number {@code from} on (which is held), made anew. */
  private List<Sample> copy(long from, int n) {
    List<Sample> out = new ArrayList<>(n);
    long skip = from - head;
    Iterator<Chunk> it = chunks.iterator();
    Chunk c = it.next();
    while (skip >= c.size()) {
      skip -= c.size();
      c = it.next();
    }
    int i = c.start + (int) skip;
    while (out.size() < n) {
      if (i == c.end) {
        c = it.next();
        i = c.start;
      }
      out.add(c.sample(i++));
    }
    return out;
  }

  /**
   * Up to {@link #CAPACITY} samples in columns. Timestamps are held as offsets from the chunk's
   * first; a sample whose offset does not fit an int starts a new chunk.
   */
  private static final class Chunk {
    static final int CAPACITY = 1024;
    private static final Sample.Kind[] KINDS = Sample.Kind.values();

    private final double[] values = new double[CAPACITY];
    private final int[] offsets = new int[CAPACITY];
    private final String[] names = new String[CAPACITY];
    private final Labels[] labels = new Labels[CAPACITY];
    private final byte[] kinds = new byte[CAPACITY];

    /** The timestamp of the first sample added; the others are held as offsets from it. */
    private long base;

    /** The first held sample's index and one past the last's. */
    int start;

    int end;

    /** Adds {@code s} unless the chunk is full or its timestamp is too far from the base. */
    boolean add(Sample s) {
      if (end == 0) {
        base = s.timestampMs();
      }
      long offset = s.timestampMs() - base;
      if (end == CAPACITY || offset != (int) offset) {
        return false;
      }
      values[end] = s.value();
      offsets[end] = (int) offset;
      names[end] = s.name();
      labels[end] = s.labels();
      kinds[end] = (byte) s.kind().ordinal();
      end++;
      return true;
    }

    Sample sample(int i) {
      return new Sample(names[i], labels[i], values[i], base + offsets[i], KINDS[kinds[i]]);
    }

    /** Forgets the oldest sample held, returning its labels. */
    Labels removeFirst() {
      Labels l = labels[start];
      labels[start] = null;
      names[start] = null;
      start++;
      return l;
    }

    int size() {
      return end - start;
    }

    void reset() {
      start = 0;
      end = 0;
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
        int n = (int) Math.min(max, head + held - position);
        return n <= 0 ? new ArrayList<>(0) : copy(position, n);
      }
    }

    @Override
    public void ack(int count) {
      synchronized (MemoryBuffer.this) {
        // Samples dropped since the peek were already skipped; never move past the tail.
        long target = Math.min(peekedFrom + count, head + held);
        position = Math.max(position, target);
        trim();
      }
    }

    @Override
    public long pending() {
      synchronized (MemoryBuffer.this) {
        return head + held - position;
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
