package dev.sentinel.plugins.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A credential given inline ({@code password}, {@code bearer_token}) or by file ({@code
 * password_file}, {@code bearer_token_file}). A file is read at every run (so a rotated secret
 * applies at once), trimmed of surrounding whitespace. {@link #toString()} never shows the value.
 */
record Secret(String key, String literal, Path file) {
  static Secret literal(String key, String value) {
    return new Secret(key, value, null);
  }

  static Secret file(String key, Path file) {
    return new Secret(key, null, file);
  }

  /** The current value; the exception message names the option and file, never the content. */
  String value() throws IOException {
    if (file == null) {
      return literal;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException(key + ": " + cannotRead(file, e), e);
    }
    if (text.isEmpty()) {
      throw new IOException(key + ": " + file + " is empty");
    }
    return text;
  }

  static String cannotRead(Path file, IOException e) {
    return dev.sentinel.core.options.FileError.cannotRead(file, e);
  }


  @Override
  public String toString() {
    return file == null ? key + " (inline)" : key + " " + file;
  }
}
