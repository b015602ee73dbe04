package dev.sentinel.sender.remotewrite;

import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.options.Section;
import dev.sentinel.sender.http.HttpOptions;

/**
 * A receiver of Prometheus Remote Write 1.0. Options: those of {@link HttpOptions}; {@code url}
 * must not be an endpoint known to be something else ({@link RemoteWritePath}). Subclasses only
 * name the type.
 */
public abstract class RemoteWriteProvider implements DestinationProvider {
  private final String type;

  protected RemoteWriteProvider(String type) {
    this.type = type;
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final DestinationSpec configure(Section options, SenderDefaults defaults) {
    HttpOptions http = HttpOptions.read(options);
    if (http.url() != null) {
      RemoteWritePath.check(options, http.url());
    }
    return new RemoteWriteSpec(type, http, defaults);
  }
}
