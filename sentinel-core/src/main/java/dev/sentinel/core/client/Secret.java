package dev.sentinel.core.client;

import dev.sentinel.core.options.FileError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A credential given inline ({@code password}, {@code bearer_token}) or by file ({@code
 * password_file}, {@code bearer_token_file}). A file is re-read when its modification time or size
 * changes (checked at every {@link #value()}), so rotated credentials apply without a restart; its
 * content is trimmed of surrounding whitespace (a trailing newline is normal in such files). {@link
 * #toString()} never shows the value.
 */
public final class Secret {
  private final String key;
  private final String literal;
  private final Path file;
  private FileTime mtime;
  private long size = -1;
  private String cached;

  private Secret(String key, String literal, Path file) {
    this.key = key;
    this.literal = literal;
    this.file = file;
  }

  /** An inline secret; {@code key} is the option it came from (for messages). */
  public static Secret literal(String key, String value) {
    return new Secret(key, Objects.requireNonNull(value, "value"), null);
  }

  /** A secret read from {@code file}; {@code key} is the option naming the file. */
  public static Secret file(String key, Path file) {
    return new Secret(key, null, Objects.requireNonNull(file, "file"));
  }

  /** The option this secret came from, e.g. {@code password_file}. */
  public String key() {
    return key;
  }

  /** The file, or null for an inline secret. */
  public Path path() {
    return file;
  }

  public boolean fromFile() {
    return file != null;
  }

  /**
   * The current value: the inline value, or the file's content (re-read if the file changed since
   * the last read). The exception message names the option and the file, never the content.
   */
  public synchronized String value() throws IOException {
    if (literal != null) {
      return literal;
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new IOException(key + ": " + FileError.cannotRead(file, e), e);
    }
    if (cached == null || !attrs.lastModifiedTime().equals(mtime) || attrs.size() != size) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IOException(key + ": " + FileError.cannotRead(file, e), e);
      }
      if (text.isEmpty()) {
        throw new IOException(key + ": " + file + " is empty");
      }
      cached = text;
      mtime = attrs.lastModifiedTime();
      size = attrs.size();
    }
    return cached;
  }

  /** The last value read, without touching the file (null if never read). For redaction. */
  public synchronized String lastValue() {
    return literal != null ? literal : cached;
  }

  @Override
  public String toString() {
    return file == null ? key + " (inline)" : key + " " + file;
  }
}
