package dev.sentinel.plugins.ping;

import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.plugins.PluginContract;
import java.util.List;
import java.util.Map;

class PingPluginContractTest extends PluginContract {
  @Override
  protected Plugin plugin() {
    return new PingPlugin();
  }

  @Override
  protected Map<String, ?> validOptions() {
    return Map.of("host", "127.0.0.1", "count", 2, "interval", "200ms", "timeout", "1s");
  }

  @Override
  protected List<Map<String, ?>> badOptions() {
    return List.of(
        Map.of(),
        Map.of("host", "-f"),
        Map.of("host", "127.0.0.1", "count", 0),
        Map.of("host", "127.0.0.1", "interval", "5ms"),
        Map.of("host", "127.0.0.1", "timeout", "soon"));
  }

  @Override
  protected Setup failingTarget() {
    // No ping binary: fails at once, without any traffic.
    return new Setup(
        new PingPlugin(new ExecPingEngine("/nonexistent/sentinel-test/ping")),
        Map.of("host", "127.0.0.1", "count", 1));
  }

  @Override
  protected Setup slowTarget() {
    // 50 echoes to loopback, 200ms apart: about 10 s unless interrupted.
    return new Setup(
        new PingPlugin(), Map.of("host", "127.0.0.1", "count", 50, "interval", "200ms"));
  }
}
