package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Sample;
import java.util.List;

/**
 * Where collected samples wait for the senders. Each destination reads through its own {@link
 * Reader}, so one slow destination never holds back another. The memory buffer is bounded; a disk
 * spool implements the same interface.
 */
public interface Buffer extends AutoCloseable {
  /** Appends samples (in time order per series). May drop the oldest samples when full. */
  void append(List<Sample> samples);

  /** A reader with its own position, starting at the oldest sample still held. */
  Reader reader(String destination);

  /**
   * A reader for a destination added while running (a reload): it starts after the samples held
   * now, so it sends what is collected from now on.
   */
  Reader readerAtEnd(String destination);

  /**
   * Forgets a removed destination's reader: what only it had not read is freed (with the disk
   * spool, its position file is deleted). Returns the samples it had not acknowledged.
   */
  long removeReader(String destination);

  /** Samples held that some reader has not acknowledged yet. */
  long size();

  @Override
  default void close() {}

  /** Told when samples a destination had not read are given up on, and why. */
  @FunctionalInterface
  interface DropListener {
    /**
     * @param reason {@code buffer_full} (memory), {@code max_disk_size}, {@code max_age} or {@code
     *     corrupt} (disk spool)
     */
    void dropped(String destination, String reason, long count);
  }

  /** One destination's view of the buffer. */
  interface Reader {
    /** Up to {@code max} samples from this reader's position, without consuming them. */
    List<Sample> peek(int max);

    /** Consumes the first {@code count} samples returned by the last {@link #peek}. */
    void ack(int count);

    /** Samples not yet acknowledged by this reader. */
    long pending();

    /** Samples this reader lost because the buffer was full before it read them. */
    long dropped();
  }
}
