package dev.sentinel.plugins.netdev;

import dev.sentinel.core.config.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.TaskInfo;

/**
 * The {@code netdev} plugin: the host's network counters from {@code /proc} (and link state from
 * {@code /sys}), no privileges needed. Options are documented in this module's README.
 */
public final class NetdevPlugin implements Plugin {
  public static final String TYPE = "netdev";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Probe create(Section options, TaskInfo task) {
    return new NetdevProbe(NetdevOptions.parse(options), System::nanoTime);
  }
}
