package dev.sentinel.sender.pushgateway;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.sender.http.HttpOptions;
import java.util.Map;
import java.util.TreeMap;

/** Validated Pushgateway options. {@link #describe()} shows no secret. */
public record PushgatewaySpec(
    String name,
    HttpOptions http,
    SenderDefaults defaults,
    String job,
    Map<String, String> grouping,
    boolean deleteOnShutdown)
    implements DestinationSpec {

  @Override
  public boolean dependsOnIdentity() {
    return true; // the group's instance is the sentinel's name
  }

  @Override
  public String describe() {
    return name
        + ": PUT latest values to "
        + http.describe()
        + ", job \""
        + job
        + "\""
        + (grouping.isEmpty() ? "" : ", grouping " + new TreeMap<>(grouping))
        + (deleteOnShutdown ? ", group deleted on shutdown" : "")
        + ", timeout "
        + defaults.timeout().toMillis()
        + "ms";
  }

  @Override
  public Destination open() {
    return new PushgatewayDestination(this);
  }

  @Override
  public String toString() {
    return describe();
  }
}
