package dev.sentinel.plugins.pcap;

import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.plugins.PluginContract;
import java.util.List;
import java.util.Map;

/**
 * Captures only on lo (as root: the tests run as root); the failing target is a missing interface.
 */
class PcapPluginContractTest extends PluginContract {
  @Override
  protected Plugin plugin() {
    return new PcapPlugin();
  }

  @Override
  protected Map<String, ?> validOptions() {
    return Map.of("interface", "lo", "bpf_filter", "udp", "window", "1s", "top_talkers", 3);
  }

  @Override
  protected List<Map<String, ?>> badOptions() {
    return List.of(
        Map.of(),
        Map.of("interface", "lo", "bpf_filter", "no such filter"),
        Map.of("interface", "lo", "snaplen", 1),
        Map.of("interface", "lo", "window", "-1s"));
  }

  @Override
  protected Setup failingTarget() {
    return new Setup(new PcapPlugin(), Map.of("interface", "sentinel-nx0", "window", "1s"));
  }

  @Override
  protected Setup slowTarget() {
    return new Setup(
        new PcapPlugin(), Map.of("interface", "lo", "window", "10s", "bpf_filter", "udp port 9"));
  }
}
