package dev.sentinel.core.options;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process could write a file or directory it is configured to use (log file, spool,
 * file destination), judged as the user running it: the path itself if it exists, else the nearest
 * directory above it that exists, where it would be created. Checked when the config is loaded, so
 * that {@code check} and start-up name an unwritable path instead of the daemon failing at its
 * first write — or, for a log file, never saying so.
 */
public final class Writable {
  private Writable() {}

  /** Why a file at {@code path} could not be created or appended to; empty when it could. */
  public static Optional<String> file(String path) {
    return check(path, false);
  }

  /** Why a directory at {@code path} could not be created or written in; empty when it could. */
  public static Optional<String> directory(String path) {
    return check(path, true);
  }

  private static Optional<String> check(String text, boolean directory) {
    Path path;
    try {
      path = Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return Optional.empty(); // reported by whoever parses the path
    }
    if (Files.exists(path)) {
      if (directory && !Files.isDirectory(path)) {
        return Optional.of("cannot write " + text + ": Not a directory");
      }
      if (!directory && Files.isDirectory(path)) {
        return Optional.of("cannot write " + text + ": Is a directory");
      }
      return Files.isWritable(path)
          ? Optional.empty()
          : Optional.of("cannot write " + text + ": Permission denied");
    }
    Path parent = path.getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null) {
      return Optional.empty();
    }
    if (!Files.isDirectory(parent)) {
      return Optional.of("cannot write " + text + ": " + parent + " is not a directory");
    }
    if (!Files.isWritable(parent) || !Files.isExecutable(parent)) {
      return Optional.of(
          "cannot write " + text + ": Permission denied (cannot create it in " + parent + ")");
    }
    return Optional.empty();
  }
}
