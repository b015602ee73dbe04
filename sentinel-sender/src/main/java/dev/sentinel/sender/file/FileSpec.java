package dev.sentinel.sender.file;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationSpec;
import java.nio.file.Path;

/** Validated {@code file} options. */
public record FileSpec(String name, Path path) implements DestinationSpec {
  @Override
  public String describe() {
    return name
        + ": JSON lines (VictoriaMetrics /api/v1/import format) appended to "
        + path.toAbsolutePath().normalize();
  }

  @Override
  public Destination open() {
    return new FileDestination(name, path);
  }
}
