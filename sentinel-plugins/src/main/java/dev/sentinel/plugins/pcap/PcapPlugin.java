package dev.sentinel.plugins.pcap;

import dev.sentinel.core.config.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.TaskInfo;

/**
 * The {@code pcap} plugin: counts the packets and bytes on one interface by protocol and
 * direction through libpcap (needs CAP_NET_RAW), continuously between runs or in a window per
 * run. Options are documented in this module's README. pcap4j is used only in this package.
 */
public final class PcapPlugin implements Plugin {
  public static final String TYPE = "pcap";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Probe create(Section options, TaskInfo task) {
    return new PcapProbe(PcapOptions.parse(options, task));
  }
}
