package dev.sentinel.plugins.netdev;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import java.util.Optional;

/**
 * The {@code netdev} plugin: the host's network counters from {@code /proc} (and link state from
 * {@code /sys}), no privileges needed. Options are documented in this module's README.
 */
public final class NetdevPlugin implements Plugin {
  public static final String TYPE = "netdev";

  @Override
  public Optional<TriggerSpec> trigger() {
    return Optional.of(NetdevTrigger.spec());
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ProbeSpec configure(Section options, TaskInfo task) {
    NetdevOptions parsed = NetdevOptions.parse(options);
    return ProbeSpec.of(
        NetdevProbe.LABELS,
        NetdevProbe.samplesPerRun(parsed),
        () -> new NetdevProbe(parsed, System::nanoTime));
  }
}
