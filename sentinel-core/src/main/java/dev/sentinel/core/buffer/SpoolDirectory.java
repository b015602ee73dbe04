package dev.sentinel.core.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The spool directory, held with an OS file lock: two daemons (or two buffers) writing the same
 * segments would corrupt each other's numbering. The OS drops the lock when the process dies, so a
 * kill never leaves a stale lock behind.
 */
final class SpoolDirectory implements AutoCloseable {
  final Path path;
  private final FileChannel lockFile;
  private final FileLock lock;

  private SpoolDirectory(Path path, FileChannel lockFile, FileLock lock) {
    this.path = path;
    this.lockFile = lockFile;
    this.lock = lock;
  }

  static SpoolDirectory lock(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel ch =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by this JVM
    }
    if (l == null) {
      ch.close();
      throw new IOException("spool directory " + dir + " is in use by another process");
    }
    return new SpoolDirectory(dir, ch, l);
  }

  /** Makes file creations, renames and deletions in {@code dir} durable. */
  static void force(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not every file system lets a directory be forced; the files themselves were
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockFile.close();
    }
  }
}
