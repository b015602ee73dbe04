package dev.sentinel.core.destination;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The destination kinds on the class path, by type name. */
public final class DestinationRegistry {
  private final Map<String, DestinationProvider> providers;

  private DestinationRegistry(Map<String, DestinationProvider> providers) {
    this.providers = providers;
  }

  public static DestinationRegistry load() {
    Map<String, DestinationProvider> map = new TreeMap<>();
    for (DestinationProvider p : ServiceLoader.load(DestinationProvider.class)) {
      map.put(p.type(), p);
    }
    return new DestinationRegistry(map);
  }

  public static DestinationRegistry of(DestinationProvider... providers) {
    Map<String, DestinationProvider> map = new TreeMap<>();
    for (DestinationProvider p : providers) {
      map.put(p.type(), p);
    }
    return new DestinationRegistry(map);
  }

  public Optional<DestinationProvider> find(String type) {
    return Optional.ofNullable(providers.get(type));
  }

  public Set<String> types() {
    return providers.keySet();
  }
}
