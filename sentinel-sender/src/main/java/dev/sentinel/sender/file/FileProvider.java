package dev.sentinel.sender.file;

import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.options.Section;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code sender.direct.file}: appends batches to a local file as JSON lines in the VictoriaMetrics
 * {@code /api/v1/import} format. Option {@code path} (default {@value #DEFAULT_PATH}).
 */
public final class FileProvider implements DestinationProvider {
  public static final String TYPE = "file";
  public static final String DEFAULT_PATH = "./data/samples.jsonl";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DestinationSpec configure(Section options, SenderDefaults defaults) {
    String value = options.string("path", DEFAULT_PATH);
    Path path = Path.of(DEFAULT_PATH);
    if (value.isBlank()) {
      options.error("path", "must not be empty");
    } else {
      try {
        path = Path.of(value.trim());
      } catch (InvalidPathException e) {
        options.error("path", "\"" + value + "\" is not a valid file path: " + e.getReason());
      }
      if (value.trim().endsWith("/")) {
        options.error("path", "\"" + value + "\" names a directory; give a file name");
      } else {
        options.writableFile("path", value.trim());
      }
    }
    return new FileSpec(TYPE, path);
  }
}
