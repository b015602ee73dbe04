package dev.sentinel.plugins.netdev;

import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.plugins.BasicPluginContract;
import java.util.List;
import java.util.Map;

class NetdevPluginContractTest extends BasicPluginContract {
  @Override
  protected Plugin plugin() {
    return new NetdevPlugin();
  }

  @Override
  protected Map<String, ?> validOptions() {
    return Map.of(
        "interfaces_include",
        "eth.*",
        "interfaces_exclude",
        "eth9",
        "fields",
        "Tcp_.*",
        "netstat",
        true,
        "link",
        true,
        "rates",
        true,
        "proc_path",
        "/proc",
        "sys_path",
        "/sys");
  }

  @Override
  protected List<Map<String, ?>> badOptions() {
    return List.of(
        Map.of("interfaces_include", "eth("),
        Map.of("interfaces_exclude", "[lo"),
        Map.of("fields", "*"),
        Map.of("rates", "sometimes"),
        Map.of("link", "1x"),
        Map.of("netstat", "maybe"),
        Map.of("proc_path", "proc"),
        Map.of("sys_path", ""));
  }

  @Override
  protected Setup failingTarget() {
    return new Setup(plugin(), Map.of("proc_path", "/nonexistent-sentinel-test"));
  }
}
