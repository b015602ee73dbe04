package dev.sentinel.plugins.tcp;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code tcp} plugin: connect to host:port, optionally over TLS, optionally play a send/expect
 * dialogue (blackbox_exporter's tcp module, pushed). Options are documented in this module's
 * README.
 */
public final class TcpPlugin implements Plugin {
  public static final String TYPE = "tcp";

  private final TcpProbe.Resolver resolver;

  /** The plugin as found by ServiceLoader: the system resolver. */
  public TcpPlugin() {
    this(TcpProbe.Resolver.SYSTEM);
  }

  TcpPlugin(TcpProbe.Resolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public Optional<TriggerSpec> trigger() {
    return Optional.of(TcpTrigger.spec());
  }

  @Override
  public dev.sentinel.core.plugin.StatusView statusView() {
    return dev.sentinel.core.plugin.StatusView.line(
        java.util.List.of("host", "port"),
        java.util.List.of(
            new dev.sentinel.core.plugin.StatusView.KeyValue(
                "tcp_connect_duration_ms", "Connect", "ms"),
            new dev.sentinel.core.plugin.StatusView.KeyValue(
                "tcp_total_duration_ms", "Total", "ms")),
        "tcp_total_duration_ms",
        "tcp_success");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ProbeSpec configure(Section options, TaskInfo task) {
    TcpOptions parsed = TcpOptions.parse(options);
    parsed.timeout().ifPresent(t -> task.checkFits(options, "timeout", t));
    return ProbeSpec.of(TcpProbe.LABELS, 20, () -> new TcpProbe(parsed, resolver));
  }
}
