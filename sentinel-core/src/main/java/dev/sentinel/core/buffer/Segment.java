package dev.sentinel.core.buffer;

import java.nio.file.Path;

/**
 * One segment file of the spool, named by the sequence number of its first sample. Sequence numbers
 * are global and never reused, so a reader's position is a plain number that stays valid across
 * segment deletion, restarts and rolls; a gap between two segments can only mean lost data.
 *
 * <p>{@code bytes} and {@code endSeq} are written by the appender (under the buffer lock) only
 * after the record is in the file, and read by readers without the lock: a reader never reads past
 * {@code bytes}, so it never sees a half-written record. Once a later segment exists, they are
 * final.
 */
final class Segment {
  static final String SUFFIX = ".seg";

  final long firstSeq;
  final Path path;

  /** Where the first record starts: after the file header of the file's format version. */
  final int dataStart;

  /** Committed size: every byte below is a complete, checked record (or the file header). */
  volatile long bytes;

  /** Sequence number after the last committed sample. */
  volatile long endSeq;

  /** Newest sample timestamp held; Long.MIN_VALUE while empty. Guarded by the buffer lock. */
  long maxTimestamp = Long.MIN_VALUE;

  volatile boolean deleted;

  Segment(Path dir, long firstSeq, int dataStart) {
    this.firstSeq = firstSeq;
    this.path = dir.resolve(fileName(firstSeq));
    this.dataStart = dataStart;
    this.endSeq = firstSeq;
  }

  long samples() {
    return endSeq - firstSeq;
  }

  /** Samples in this segment at or after {@code position}. */
  long samplesFrom(long position) {
    return Math.max(0, endSeq - Math.max(firstSeq, position));
  }

  static String fileName(long firstSeq) {
    return String.format("%020d%s", firstSeq, SUFFIX);
  }

  /** The first sequence number a file name stands for, or -1 if it is not a segment name. */
  static long parseName(String name) {
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return path.getFileName() + "[" + firstSeq + ".." + endSeq + ", " + bytes + " B]";
  }
}
