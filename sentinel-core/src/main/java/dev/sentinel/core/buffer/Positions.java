package dev.sentinel.core.buffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each destination's acknowledged position, one small file per destination under {@code
 * positions/}. Written as a temporary file and renamed over the old one, so a kill leaves either
 * the old or the new position, never a torn one. A position that cannot be read is treated as
 * absent: the destination then starts at the oldest data held, which re-sends rather than loses.
 * One in a format version this code does not know is not damage: opening the spool fails instead.
 *
 * <pre>
 * version 2 (24 B, written): magic "SNTLPOSV" | version u32 (2) | position i64
 *                            | crc32c(previous 20 B) u32
 * version 1 (20 B, read):    magic "SNTLPOS1" | position i64 | crc32c(previous 16 B) u32
 * </pre>
 */
final class Positions {
  private static final Logger logger = LoggerFactory.getLogger(Positions.class);
  private static final String KIND = "SNTLPOS";
  private static final String WHAT = "spool position file";
  private static final String SUFFIX = ".pos";
  private static final int LENGTH = 24;
  private static final int V1_LENGTH = 20;
  private final Path dir;

  /** Throws, changing nothing, if a position file is in a format version this code cannot read. */
  Positions(Path spoolDir) throws IOException {
    this.dir = spoolDir.resolve("positions");
    Files.createDirectories(dir);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : ds) {
        byte[] head = new byte[FormatVersion.PREFIX];
        int n;
        try (InputStream in = Files.newInputStream(f)) {
          n = in.readNBytes(head, 0, head.length);
        }
        FormatVersion.of(head, n, KIND, WHAT, f);
      }
    }
  }

  Path dir() {
    return dir;
  }

  /**
   * A file name that is safe on any file system: the readable part of the destination name plus a
   * hash of the whole name, so two names that clean up to the same text still differ.
   */
  Path file(String destination) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < destination.length() && sb.length() < 64; i++) {
      char c = destination.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      sb.append(ok ? c : '_');
    }
    CRC32 crc = new CRC32();
    crc.update(destination.getBytes(StandardCharsets.UTF_8));
    return dir.resolve(sb + "-" + String.format("%08x", crc.getValue()) + SUFFIX);
  }

  OptionalLong read(String destination) {
    Path f = file(destination);
    try {
      byte[] a = Files.readAllBytes(f);
      int version = FormatVersion.of(a, a.length, KIND, WHAT, f);
      int length = version == 1 ? V1_LENGTH : LENGTH;
      ByteBuffer b = ByteBuffer.wrap(a);
      if (version != FormatVersion.NOT_OURS
          && a.length == length
          && b.getInt(length - 4) == SegmentFormat.crc(a, 0, length - 4)) {
        return OptionalLong.of(b.getLong(length - 12));
      }
      logger.warn(
          "Spool position file {} of destination {} is damaged; that destination starts again at"
              + " the oldest data held",
          f,
          destination);
    } catch (NoSuchFileException e) {
      // a destination not seen before
    } catch (IOException e) {
      logger.warn(
          "Cannot read spool position file {} ({}); destination {} starts again at the oldest data"
              + " held",
          f,
          e.toString(),
          destination);
    }
    return OptionalLong.empty();
  }

  /** Forgets a destination's position (it was removed from the config). */
  void delete(String destination) throws IOException {
    Files.deleteIfExists(file(destination));
  }

  /** Replaces the position atomically; {@code durable} also forces it to the device first. */
  void write(String destination, long position, boolean durable) throws IOException {
    Path f = file(destination);
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    FormatVersion.put(b, KIND);
    b.putLong(position);
    b.putInt(SegmentFormat.crc(b.array(), 0, LENGTH - 4));
    b.flip();
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
      if (durable) {
        ch.force(false);
      }
    }
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
