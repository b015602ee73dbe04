package dev.sentinel.sender.file;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.model.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends each batch to a file as JSON lines ({@link JsonLines}). The parent directories are
 * created on open; a batch is written in one piece and flushed to the OS before send returns. On an
 * I/O error the batch is retried later; a partly written batch is cut off again when possible.
 */
public final class FileDestination implements Destination {
  private final String name;
  private final Path path;
  private FileChannel channel;

  public FileDestination(String name, Path path) {
    this.name = name;
    this.path = path;
    try {
      openChannel();
    } catch (IOException e) {
      // reported (and retried) by the first send
    }
  }

  private void openChannel() throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized SendResult send(List<Sample> batch) {
    if (batch.isEmpty()) {
      return SendResult.DELIVERED;
    }
    ByteBuffer bytes = ByteBuffer.wrap(JsonLines.format(batch).getBytes(StandardCharsets.UTF_8));
    long before = -1;
    try {
      if (channel == null || !channel.isOpen()) {
        openChannel();
      }
      before = channel.size();
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      return SendResult.DELIVERED;
    } catch (IOException | RuntimeException e) {
      undoPartialWrite(before);
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return SendResult.retry(
          "cannot write " + path + ": " + e.getClass().getSimpleName() + ": " + msg);
    }
  }

  private void undoPartialWrite(long size) {
    FileChannel c = channel;
    channel = null; // reopen on the next send
    if (c == null) {
      return;
    }
    try {
      if (size >= 0 && c.isOpen() && c.size() > size) {
        c.truncate(size);
      }
    } catch (IOException ignored) {
      // best effort: the next batch starts on a fresh line only if the cut worked
    }
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a file we only appended to
      }
      channel = null;
    }
  }
}
