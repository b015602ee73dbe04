package dev.sentinel.plugins.pcap;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import java.util.Optional;

/**
 * The {@code pcap} plugin: counts the packets and bytes on one interface by protocol and direction
 * through libpcap (needs CAP_NET_RAW), continuously between runs or in a window per run. Options
 * are documented in this module's README. pcap4j is used only in this package.
 */
public final class PcapPlugin implements Plugin {
  public static final String TYPE = "pcap";

  @Override
  public Optional<TriggerSpec> trigger() {
    return Optional.of(PcapTrigger.spec());
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ProbeSpec configure(Section options, TaskInfo task) {
    PcapOptions parsed = PcapOptions.parse(options, task);
    return ProbeSpec.of(PcapSamples.LABELS, 100, () -> new PcapProbe(parsed));
  }
}
