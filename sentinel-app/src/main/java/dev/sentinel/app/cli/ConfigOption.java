package dev.sentinel.app.cli;

import dev.sentinel.app.web.WebConfig;
import dev.sentinel.core.SentinelVersion;
import dev.sentinel.core.config.ConfigLoader;
import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.options.ConfigException;
import dev.sentinel.core.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code -c FILE} option and config loading with problems printed one per line. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "config/config.yaml",
      description = "Config file.")
  Path file;

  /**
   * The plugins the config was loaded with (after {@link #load}); close them when the command ends.
   */
  PluginRegistry plugins;

  /** The web listener's TLS and authentication (after {@link #load}): {@code web_config_file}. */
  WebConfig web = WebConfig.NONE;

  /**
   * The loaded config, or null after printing every problem to {@code err}: the config file's, or
   * else its web config file's.
   */
  SentinelConfig load(PrintWriter err) {
    plugins = PluginRegistry.load();
    try {
      SentinelConfig c = loadOrThrow();
      web = webConfig(c);
      return c;
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      err.flush();
      return null;
    }
  }

  /**
   * Reads and validates the file again (a reload), with the plugins loaded by {@link #load}, and
   * its web config file (a changed one takes effect at the next restart, but a broken one is
   * refused now).
   */
  SentinelConfig loadOrThrow() {
    SentinelConfig c =
        new ConfigLoader(
                plugins, DestinationRegistry.load(), System.getenv(), SentinelVersion.userAgent())
            .load(file);
    webConfig(c);
    return c;
  }

  private static WebConfig webConfig(SentinelConfig c) {
    return c.webConfigFile().isEmpty()
        ? WebConfig.NONE
        : WebConfig.load(Path.of(c.webConfigFile()));
  }
}
