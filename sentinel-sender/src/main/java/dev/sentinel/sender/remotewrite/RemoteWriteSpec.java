package dev.sentinel.sender.remotewrite;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.sender.http.HttpOptions;

/** Validated remote-write options. {@link #describe()} shows no password or header values. */
public record RemoteWriteSpec(String name, HttpOptions http, SenderDefaults defaults)
    implements DestinationSpec {

  @Override
  public String describe() {
    return name
        + ": remote write 1.0 to "
        + http.describe()
        + ", timeout "
        + defaults.timeout().toMillis()
        + "ms";
  }

  @Override
  public Destination open() {
    return new RemoteWriteDestination(name, http, defaults);
  }

  @Override
  public String toString() {
    return describe();
  }
}
