package dev.sentinel.core.plugin;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plugins on the class path, by type name. {@link #close()} ends their process-wide resources.
 */
public final class PluginRegistry implements AutoCloseable {
  private final Map<String, Plugin> plugins;

  private PluginRegistry(Map<String, Plugin> plugins) {
    this.plugins = plugins;
  }

  public static PluginRegistry load() {
    Map<String, Plugin> map = new TreeMap<>();
    for (Plugin p : ServiceLoader.load(Plugin.class)) {
      Plugin previous = map.put(p.type(), p);
      if (previous != null) {
        throw new IllegalStateException(
            "two plugins named " + p.type() + ": " + previous.getClass() + ", " + p.getClass());
      }
    }
    return new PluginRegistry(map);
  }

  public static PluginRegistry of(Plugin... plugins) {
    Map<String, Plugin> map = new TreeMap<>();
    for (Plugin p : plugins) {
      map.put(p.type(), p);
    }
    return new PluginRegistry(map);
  }

  public Optional<Plugin> find(String type) {
    return Optional.ofNullable(plugins.get(type));
  }

  public Set<String> types() {
    return plugins.keySet();
  }

  /** Calls {@link Plugin#prepare()} on every plugin. */
  public void prepare() {
    plugins.values().forEach(Plugin::prepare);
  }

  /** How the status page shows tasks of {@code type} (the generic view for an unknown type). */
  public StatusView statusView(String type) {
    Plugin p = plugins.get(type);
    return p == null ? StatusView.GENERIC : p.statusView();
  }

  /** Every plugin's {@link Plugin#runtimeInfo()}, merged. */
  public Map<String, String> runtimeInfo() {
    Map<String, String> out = new java.util.TreeMap<>();
    plugins.values().forEach(p -> out.putAll(p.runtimeInfo()));
    return out;
  }

  /** Calls {@link Plugin#prepare()} on the plugins of these types. */
  public void prepare(Collection<String> types) {
    types.stream().distinct().map(plugins::get).filter(Objects::nonNull).forEach(Plugin::prepare);
  }

  @Override
  public void close() {
    plugins.values().forEach(Plugin::close);
  }
}
