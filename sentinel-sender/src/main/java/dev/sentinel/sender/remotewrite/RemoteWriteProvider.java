package dev.sentinel.sender.remotewrite;

import dev.sentinel.core.config.Section;
import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.sender.http.HttpOptions;

/**
 * A receiver of Prometheus Remote Write 1.0. Options: {@code url} (required), {@code username},
 * {@code password}, {@code headers}. Subclasses only name the type.
 */
public abstract class RemoteWriteProvider implements DestinationProvider {
  private final String type;
  private final String exampleUrl;

  protected RemoteWriteProvider(String type, String exampleUrl) {
    this.type = type;
    this.exampleUrl = exampleUrl;
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final DestinationSpec configure(Section options, SenderDefaults defaults) {
    HttpOptions http = HttpOptions.read(options);
    if (http.url() != null) {
      String path = http.url().getRawPath();
      if (path == null || path.isEmpty() || path.equals("/")) {
        options.warn("url", "has no path; the remote write endpoint is usually " + exampleUrl);
      }
    }
    return new RemoteWriteSpec(type, http, defaults);
  }
}
