package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk spool ({@code buffer.type: disk}): samples survive a receiver outage and a restart or
 * kill of the daemon, and each destination resumes from what it acknowledged (Prometheus and Alloy
 * lose data because they truncate by time, not by what was sent; this spool deletes a segment only
 * when every destination has acknowledged it, or when an explicit size or age limit says so, and
 * then counts the loss per destination).
 *
 * <p>Durability: {@link #append} returns once the samples are handed to the OS (they survive kill
 * -9); the current segment and positions are forced to the device about once a second by a
 * background thread, on every roll and on close (a power loss costs at most about a second).
 *
 * <p>Readers: register every configured destination with {@link #reader} before any sender starts
 * acknowledging, or a segment may be deleted before a late destination saw it. Position files of
 * destinations no longer configured are ignored and hold no data; if such a destination comes back
 * it resumes at its old position, or at the oldest data held if that is gone.
 *
 * <p>Damage (a torn tail after a power loss, garbage) is cut off on open and logged; the {@link
 * CorruptionListener} gets file, offset and bytes discarded. Samples lost that way whose number is
 * known show as a gap in the sequence numbers, and each destination that had not read them counts
 * them through {@code onDrop} with reason {@code corrupt} when it reaches the gap.
 *
 * <p>Every file carries a format version ({@link FormatVersion}): older versions are read, new
 * files are written in the current one, and a spool holding a file of a version this code does not
 * know fails {@link #open} with an {@link IOException} naming the file and version, before any file
 * is changed.
 */
public final class DiskBuffer implements Buffer {
  private static final Logger logger = LoggerFactory.getLogger(DiskBuffer.class);
  static final long DEFAULT_SEGMENT_BYTES = 8L << 20;

  /** Told about damaged spool data found and cut off; the daemon should count and surface it. */
  @FunctionalInterface
  public interface CorruptionListener {
    void corrupt(Path file, long offset, long bytesDiscarded, String problem);
  }

  private final Path dir;
  private final long maxDiskBytes;
  private final long maxAgeMs;
  private final DropListener onDrop;
  private final Clock clock;
  final SegmentStore store;
  private final Positions positions;
  private final Map<String, DiskReader> readers = new LinkedHashMap<>();
  private final SpoolDirectory directory;
  private final ScheduledExecutorService syncer;
  private boolean closed;

  /**
   * Opens (or creates) the spool in {@code dir}, recovering what is there.
   *
   * @param maxDiskBytes segment bytes kept at most (0: unbounded); oldest segments go first
   * @param maxAge samples older than this (by their timestamp) are dropped (null or zero: no limit)
   */
  public static DiskBuffer open(
      Path dir, long maxDiskBytes, Duration maxAge, DropListener onDrop, Clock clock)
      throws IOException {
    return open(
        dir,
        maxDiskBytes,
        maxAge,
        segmentBytesFor(maxDiskBytes),
        onDrop,
        (f, o, b, p) -> {},
        clock);
  }

  /** Segment size for a size limit: an eighth of it, between 64 KiB and the default. */
  public static long segmentBytesFor(long maxDiskBytes) {
    return maxDiskBytes > 0
        ? Math.max(64 << 10, Math.min(DEFAULT_SEGMENT_BYTES, maxDiskBytes / 8))
        : DEFAULT_SEGMENT_BYTES;
  }

  /** As above, choosing the segment size and hearing about damage found (besides the log). */
  public static DiskBuffer open(
      Path dir,
      long maxDiskBytes,
      Duration maxAge,
      long segmentBytes,
      DropListener onDrop,
      CorruptionListener onCorrupt,
      Clock clock)
      throws IOException {
    return new DiskBuffer(dir, maxDiskBytes, maxAge, segmentBytes, onDrop, onCorrupt, clock);
  }

  private DiskBuffer(
      Path dir,
      long maxDiskBytes,
      Duration maxAge,
      long segmentBytes,
      DropListener onDrop,
      CorruptionListener onCorrupt,
      Clock clock)
      throws IOException {
    this.dir = dir;
    this.maxDiskBytes = maxDiskBytes;
    this.maxAgeMs = maxAge == null ? 0 : maxAge.toMillis();
    this.onDrop = onDrop;
    this.clock = clock;
    directory = SpoolDirectory.lock(dir);
    try {
      positions = new Positions(dir);
      store = new SegmentStore(dir, SpoolRecovery.recover(dir, onCorrupt), segmentBytes);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    syncer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "sentinel-spool-sync");
              t.setDaemon(true);
              return t;
            });
    syncer.scheduleWithFixedDelay(this::syncQuietly, 1, 1, TimeUnit.SECONDS);
    logger.info(
        "Spool {} opened: {} segments, {} samples held, numbering continues at {}",
        dir,
        store.count(),
        store.heldFrom(Long.MIN_VALUE),
        store.nextSeq());
  }

  @Override
  public synchronized void append(List<Sample> samples) {
    if (closed) {
      throw new IllegalStateException("spool closed");
    }
    if (samples.isEmpty()) {
      return;
    }
    try {
      store.append(samples);
      expireByAge();
      enforceDiskLimit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to spool " + dir, e);
    }
  }

  /**
   * The reader of {@code destination}; asking again for the same destination gives the same one.
   */
  @Override
  public synchronized Reader reader(String destination) {
    DiskReader r = readers.get(destination);
    if (r == null) {
      long oldest = store.oldest().firstSeq;
      long next = store.nextSeq();
      long start = Math.min(Math.max(positions.read(destination).orElse(oldest), oldest), next);
      r = new DiskReader(destination, this, start);
      readers.put(destination, r);
    }
    return r;
  }

  @Override
  public synchronized Reader readerAtEnd(String destination) {
    DiskReader r = readers.get(destination);
    if (r == null) {
      r = new DiskReader(destination, this, store.nextSeq());
      readers.put(destination, r);
      try {
        positions.write(destination, r.position, true);
      } catch (IOException e) {
        logger.warn(
            "Spool {}: cannot save the new position of {}: {}", dir, destination, e.toString());
      }
    }
    return r;
  }

  @Override
  public synchronized long removeReader(String destination) {
    DiskReader r = readers.remove(destination);
    long pending = r == null ? 0 : store.heldFrom(r.position);
    try {
      positions.delete(destination);
    } catch (IOException e) {
      logger.warn("Spool {}: cannot delete the position of {}: {}", dir, destination, e.toString());
    }
    if (r != null && !readers.isEmpty()) {
      DiskReader any = readers.values().iterator().next();
      acknowledge(any, any.position); // frees segments only the removed reader held
    }
    return pending;
  }

  @Override
  public synchronized long size() {
    long min = Long.MAX_VALUE;
    for (DiskReader r : readers.values()) {
      min = Math.min(min, r.position);
    }
    return store.heldFrom(readers.isEmpty() ? Long.MIN_VALUE : min);
  }

  /** Bytes of segment files held. */
  public synchronized long diskBytes() {
    return store.totalBytes();
  }

  synchronized long heldFrom(long position) {
    return store.heldFrom(position);
  }

  Positions positions() {
    return positions;
  }

  /** The oldest timestamp a sample may have, or Long.MIN_VALUE without an age limit. */
  long ageCutoff() {
    return maxAgeMs > 0 ? clock.millis() - maxAgeMs : Long.MIN_VALUE;
  }

  /** Start of a peek: applies the age limit and returns the reader's position. */
  synchronized long beginPeek(DiskReader r) {
    if (closed) {
      throw new IllegalStateException("spool closed");
    }
    try {
      expireByAge();
    } catch (IOException e) {
      logger.warn("Spool {}: cannot roll an expired segment: {}", dir, e.toString());
    }
    return r.position;
  }

  /**
   * Moves a reader forward to {@code target}, counting what it skips as lost for {@code reason}.
   */
  synchronized long skip(DiskReader r, long target, String reason) {
    r.lose(target, reason, onDrop);
    return r.position;
  }

  /**
   * A reader met a record it cannot read: skip the rest of that segment (rolling if it is current).
   */
  synchronized long damaged(DiskReader r, SegmentCursor.Damaged d) {
    Segment s = d.segment;
    logger.warn(
        "Spool data unreadable for destination {}: {}; skipping the rest of that segment",
        r.destination,
        d.getMessage());
    if (s == store.current()) {
      try {
        store.roll();
      } catch (IOException e) {
        logger.warn("Spool {}: cannot roll past a damaged segment: {}", dir, e.toString());
      }
    }
    Long next = store.segments.higherKey(s.firstSeq);
    r.lose(next != null ? next : s.endSeq, "corrupt", onDrop);
    return r.position;
  }

  /** Acknowledges up to {@code target}; deletes segments every reader has passed. */
  synchronized long acknowledge(DiskReader r, long target) {
    r.position = Math.max(r.position, Math.min(target, store.nextSeq()));
    long min = Long.MAX_VALUE;
    for (DiskReader x : readers.values()) {
      min = Math.min(min, x.position);
    }
    while (true) {
      Segment first = store.oldest();
      if (first == store.current() || first.endSeq > min) {
        break;
      }
      store.delete(first);
    }
    return r.position;
  }

  private void expireByAge() throws IOException {
    if (maxAgeMs <= 0) {
      return;
    }
    long cutoff = ageCutoff();
    while (true) {
      Segment first = store.oldest();
      if (first.maxTimestamp >= cutoff || first.samples() == 0) {
        return;
      }
      if (first == store.current()) {
        store.roll();
      }
      drop(first, "max_age");
    }
  }

  private void enforceDiskLimit() throws IOException {
    while (maxDiskBytes > 0 && store.totalBytes() > maxDiskBytes && store.count() > 1) {
      drop(store.oldest(), "max_disk_size");
    }
  }

  /** Gives up a segment: each reader that had not passed it counts what it had not read. */
  private void drop(Segment s, String reason) throws IOException {
    for (DiskReader r : readers.values()) {
      r.lose(s.firstSeq, "corrupt", onDrop); // a gap before it can only be lost data
      r.lose(s.endSeq, reason, onDrop);
    }
    store.delete(s);
  }

  /** Forces written data, positions and directory changes to the device. */
  public void sync() throws IOException {
    FileChannel ch;
    boolean dirs;
    List<DiskReader> rs;
    synchronized (this) {
      if (closed) {
        return;
      }
      ch = store.takeDirty();
      dirs = store.takeDirDirty();
      rs = new ArrayList<>(readers.values());
    }
    if (ch != null) {
      try {
        ch.force(false);
      } catch (ClosedChannelException e) {
        // rolled meanwhile, and a roll forces the file it closes
      }
    }
    for (DiskReader r : rs) {
      r.syncPosition();
    }
    if (dirs) {
      SpoolDirectory.force(dir);
      SpoolDirectory.force(positions.dir());
    }
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (IOException | RuntimeException e) {
      logger.warn("Spool {}: sync failed: {}", dir, e.toString());
    }
  }

  @Override
  public void close() {
    syncer.shutdown();
    try {
      syncer.awaitTermination(10, TimeUnit.SECONDS);
      sync();
    } catch (IOException e) {
      logger.warn("Spool {}: final sync failed: {}", dir, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutdown(true);
  }

  /** Stops without syncing anything, as a kill would: for tests of crash recovery. */
  void abandonForTest() {
    syncer.shutdownNow();
    shutdown(false);
  }

  private void shutdown(boolean force) {
    List<DiskReader> rs;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      rs = new ArrayList<>(readers.values());
      try {
        store.close(force);
        directory.close();
      } catch (IOException e) {
        logger.warn("Spool {}: close failed: {}", dir, e.toString());
      }
    }
    for (DiskReader r : rs) { // outside the buffer lock: the lock order is reader, then buffer
      r.closeCursor();
    }
  }
}
