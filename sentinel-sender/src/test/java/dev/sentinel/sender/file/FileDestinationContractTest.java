package dev.sentinel.sender.file;

import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.sender.DestinationContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The receiver is a file in a temp directory; down, its directory is a regular file. */
class FileDestinationContractTest extends DestinationContract {
  @Override
  protected DestinationProvider provider() {
    return new FileProvider();
  }

  @Override
  protected Receiver startReceiver() throws IOException {
    Path root = Files.createTempDirectory("sentinel-file-contract-");
    Path dir = root.resolve("out");
    Path file = dir.resolve("samples.jsonl");
    return new Receiver() {
      @Override
      public Map<String, Object> options() {
        return Map.of("path", file.toString());
      }

      @Override
      public int received() {
        try {
          return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void stop() {
        deleteTree(dir);
        try {
          Files.writeString(dir, "a regular file where the directory was");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void close() {
        deleteTree(root);
      }
    };
  }

  @Override
  protected List<BadOptions> badOptions() {
    return List.of(
        new BadOptions("path", Map.of("path", " ")),
        new BadOptions("path", Map.of("path", "bad\0name")),
        new BadOptions("path", Map.of("path", "data/")),
        new BadOptions("path", Map.of("path", Map.of("nested", "mapping"))));
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
