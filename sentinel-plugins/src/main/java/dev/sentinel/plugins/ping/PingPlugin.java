package dev.sentinel.plugins.ping;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.plugins.ping.echo.EchoEngine;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code ping} plugin: ICMP echo to one host or many ({@code targets}), Smokeping-style
 * statistics per target. Options are documented in this module's README.
 */
public final class PingPlugin implements Plugin {
  public static final String TYPE = "ping";

  private final Function<String, EchoEngine> engines;
  private final PingProbe.Resolver resolver;
  private final boolean ownEngines;

  /** The plugin as found by ServiceLoader: the process-wide engines, chosen by {@code method}. */
  public PingPlugin() {
    this(EchoEngines::forMethod, PingProbe.Resolver.SYSTEM, true);
  }

  /** Every task uses {@code engine}, whatever its {@code method} (tests). */
  public PingPlugin(EchoEngine engine) {
    this(method -> engine, PingProbe.Resolver.SYSTEM, false);
    Objects.requireNonNull(engine, "engine");
  }

  PingPlugin(Function<String, EchoEngine> engines, PingProbe.Resolver resolver) {
    this(engines, resolver, false);
  }

  private PingPlugin(
      Function<String, EchoEngine> engines, PingProbe.Resolver resolver, boolean ownEngines) {
    this.engines = engines;
    this.resolver = resolver;
    this.ownEngines = ownEngines;
  }

  @Override
  public Optional<TriggerSpec> trigger() {
    return Optional.of(PingTrigger.spec());
  }

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Opens the default ({@code auto}) ICMP engine, so native set-up happens before the first run.
   */
  @Override
  public dev.sentinel.core.plugin.StatusView statusView() {
    return dev.sentinel.core.plugin.StatusView.band(
        java.util.List.of("host", "ip_family"),
        java.util.List.of(
            new dev.sentinel.core.plugin.StatusView.KeyValue("ping_rtt_ms", "RTT", "ms"),
            new dev.sentinel.core.plugin.StatusView.KeyValue("ping_packet_loss", "Loss", "%"),
            new dev.sentinel.core.plugin.StatusView.KeyValue("ping_jitter_ms", "Jitter", "ms")),
        "ping_rtt_min_ms",
        "ping_rtt_median_ms",
        "ping_rtt_max_ms",
        "ping_packet_loss",
        "ping_reachable");
  }

  /** The ICMP methods opened so far (the status page's "ping method"). */
  @Override
  public java.util.Map<String, String> runtimeInfo() {
    String methods = EchoEngines.methods();
    return methods.isEmpty() ? java.util.Map.of() : java.util.Map.of("ping_method", methods);
  }

  @Override
  public void prepare() {
    if (ownEngines) {
      EchoEngines.forMethod("auto");
    }
  }

  /** Closes the process-wide ICMP engines (a no-op for an engine given to the constructor). */
  @Override
  public void close() {
    if (ownEngines) {
      EchoEngines.closeAll();
    }
  }

  @Override
  public ProbeSpec configure(Section options, TaskInfo task) {
    PingOptions parsed = PingOptions.parse(options, task);
    return ProbeSpec.of(
        PingProbe.LABELS,
        PingProbe.samplesPerRun(parsed),
        () -> new PingProbe(parsed, engines, resolver));
  }
}
