package dev.sentinel.plugins.ping;

import dev.sentinel.core.config.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.TaskInfo;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code ping} plugin: ICMP echo to one host or many ({@code targets}), Smokeping-style
 * statistics per target. Options are documented in this module's README.
 */
public final class PingPlugin implements Plugin {
  public static final String TYPE = "ping";

  private final Function<String, EchoEngine> engines;
  private final PingProbe.Resolver resolver;

  /** The plugin as found by ServiceLoader: the process-wide engines, chosen by {@code method}. */
  public PingPlugin() {
    this(EchoEngines::forMethod, PingProbe.Resolver.SYSTEM);
  }

  /** Every task uses {@code engine}, whatever its {@code method} (tests). */
  public PingPlugin(EchoEngine engine) {
    this(method -> engine, PingProbe.Resolver.SYSTEM);
    Objects.requireNonNull(engine, "engine");
  }

  PingPlugin(Function<String, EchoEngine> engines, PingProbe.Resolver resolver) {
    this.engines = engines;
    this.resolver = resolver;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Probe create(Section options, TaskInfo task) {
    return new PingProbe(PingOptions.parse(options, task), engines, resolver);
  }
}
