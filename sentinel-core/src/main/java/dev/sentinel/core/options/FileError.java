package dev.sentinel.core.options;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The one-line text for a file Sentinel could not read (password files, TLS files, …). */
public final class FileError {
  private FileError() {}

  /** {@code cannot read FILE: No such file} (or Permission denied, Is a directory, …). */
  public static String cannotRead(Path file, IOException e) {
    return "cannot read " + file + ": " + why(e);
  }

  /** A short reason for a failed file access ("No such file", "Permission denied", ...). */
  public static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "No such file";
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e.getMessage() != null && e.getMessage().contains("Is a directory")) {
      return "Is a directory";
    }
    String msg = e.getMessage();
    return msg == null ? e.getClass().getSimpleName() : msg;
  }
}
