package dev.sentinel.core.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>File: magic "SNTLPOS1" | position i64 | crc32c of the previous 16 bytes.
 */
final class Positions {
  private static final Logger logger = LoggerFactory.getLogger(Positions.class);
  private static final byte[] MAGIC = "SNTLPOS1".getBytes(StandardCharsets.US_ASCII);
  private final Path dir;

  Positions(Path spoolDir) throws IOException {
    this.dir = spoolDir.resolve("positions");
    Files.createDirectories(dir);
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
    return dir.resolve(sb + "-" + String.format("%08x", crc.getValue()) + ".pos");
  }

  OptionalLong read(String destination) {
    Path f = file(destination);
    try {
      byte[] a = Files.readAllBytes(f);
      ByteBuffer b = ByteBuffer.wrap(a);
      if (a.length == 20
          && b.slice(0, 8).equals(ByteBuffer.wrap(MAGIC))
          && b.getInt(16) == SegmentFormat.crc(a, 0, 16)) {
        return OptionalLong.of(b.getLong(8));
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

  /** Replaces the position atomically; {@code durable} also forces it to the device first. */
  void write(String destination, long position, boolean durable) throws IOException {
    Path f = file(destination);
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    ByteBuffer b = ByteBuffer.allocate(20);
    b.put(MAGIC).putLong(position);
    b.putInt(SegmentFormat.crc(b.array(), 0, 16));
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
