package dev.sentinel.core.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The format version every spool file starts with, so that a newer Sentinel reads an older spool
 * and an older one refuses a newer spool instead of taking it for damage and discarding it.
 *
 * <p>A spool file starts with 8 bytes of magic: 7 that name the kind of file ({@code SNTLSPL} a
 * segment, {@code SNTLPOS} a position) and a mark. Mark {@code 1} is version 1, the layout written
 * before files carried a version (read, never written). Mark {@code V} is followed by the version,
 * a big-endian u32; these 12 bytes keep their place in every later version, whatever follows them.
 *
 * <p>Anything else at the start of a file is damage (a crash, a bad disk), handled as before. But a
 * file that names our kind of file and then a mark or version this code does not know was written
 * by some other Sentinel on purpose: it is refused, never repaired. A crash cannot make one: the
 * header is written in one small write at the start of a new file.
 */
final class FormatVersion {
  /** The oldest version this code reads. */
  static final int OLDEST = 1;

  /** The version this code writes, and the newest it reads. */
  static final int CURRENT = 2;

  /** Magic and version: what a file must hold before its version can be known. */
  static final int PREFIX = 12;

  /** What {@link #of} returns for a file that does not start like a spool file: damage. */
  static final int NOT_OURS = -1;

  private static final int KIND = 7;
  private static final byte V1_MARK = '1';
  private static final byte VERSIONED_MARK = 'V';

  private FormatVersion() {}

  /** Puts the current magic and version for a file of {@code kind} ("SNTLSPL", "SNTLPOS"). */
  static void put(ByteBuffer b, String kind) {
    b.put(kind.getBytes(StandardCharsets.US_ASCII)).put(VERSIONED_MARK).putInt(CURRENT);
  }

  /**
   * The version of {@code file}, a {@code what} ("spool segment") of {@code kind}, from its first
   * {@code n} bytes {@code head}: {@link #NOT_OURS} if they are not a spool file's start.
   *
   * @throws IOException for a version this Sentinel cannot read, with the one line that says so
   */
  static int of(byte[] head, int n, String kind, String what, Path file) throws IOException {
    if (n < KIND + 1) {
      return NOT_OURS;
    }
    for (int i = 0; i < KIND; i++) {
      if (head[i] != kind.charAt(i)) {
        return NOT_OURS;
      }
    }
    byte mark = head[KIND];
    if (mark == V1_MARK) {
      return 1;
    }
    if (mark != VERSIONED_MARK) {
      throw refusal(what, file, "an unknown format (it starts \"" + magic(head) + "\")");
    }
    if (n < PREFIX) {
      return NOT_OURS; // cut short: a torn first write, not another format
    }
    long version = Integer.toUnsignedLong(ByteBuffer.wrap(head).getInt(KIND + 1));
    if (version > CURRENT) {
      throw refusal(what, file, "format version " + version);
    }
    if (version <= OLDEST) { // never written after this mark
      throw refusal(
          what,
          file,
          "an unknown format (\"" + magic(head) + "\" followed by version " + version + ")");
    }
    return (int) version;
  }

  private static IOException refusal(String what, Path file, String has) {
    return new IOException(
        what
            + " "
            + file
            + " has "
            + has
            + "; this Sentinel reads versions "
            + OLDEST
            + " to "
            + CURRENT
            + ": upgrade Sentinel, or move the spool away");
  }

  private static String magic(byte[] head) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i <= KIND; i++) {
      int c = head[i] & 0xFF;
      sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.toString();
  }
}
