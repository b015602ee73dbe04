package dev.sentinel.core.config;

import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.RetryPolicy;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.ConfigException;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.FileError;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Range;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.options.Sizes;
import dev.sentinel.core.options.Spelling;
import dev.sentinel.core.plugin.PluginRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads, substitutes and validates a config file into an immutable {@link SentinelConfig}. Every
 * problem is collected; {@link ConfigException} lists them all.
 */
public final class ConfigLoader {
  static final Set<String> NOT_SUPPORTED_SECTIONS = Set.of("core", "heartbeat", "plugins");

  /** The longest a buffered sample is kept: buffer.max_age and max_sample_age (0s: no limit). */
  private static final Duration MAX_AGE = Duration.ofDays(365);

  private final PluginRegistry plugins;
  private final DestinationRegistry destinations;
  private final Map<String, String> env;
  private final String userAgent;
  private final long heapBytes;

  public ConfigLoader(
      PluginRegistry plugins,
      DestinationRegistry destinations,
      Map<String, String> env,
      String userAgent) {
    this(plugins, destinations, env, userAgent, Runtime.getRuntime().maxMemory());
  }

  /**
   * As above, checking the memory buffer against a JVM of {@code heapBytes} maximum heap (the
   * daemon's own is its {@code -Xmx}: the launcher gives {@code check} the same).
   */
  public ConfigLoader(
      PluginRegistry plugins,
      DestinationRegistry destinations,
      Map<String, String> env,
      String userAgent,
      long heapBytes) {
    this.plugins = plugins;
    this.destinations = destinations;
    this.env = env;
    this.userAgent = userAgent;
    this.heapBytes = heapBytes;
  }

  public SentinelConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": file not found");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + FileError.why(e));
    }
    return parse(file.toString(), text);
  }

  public SentinelConfig parse(String source, String text) {
    Problems problems = new Problems(source);
    ConfigNode root = new YamlReader(source, env, problems).read(text);
    problems.throwIfErrors();
    Section top = new Section("", root, problems);

    for (String key : NOT_SUPPORTED_SECTIONS) {
      if (top.has(key)) {
        top.warn(key, "section is not supported by this Sentinel and is ignored (no central core)");
      }
    }
    if (top.has("credentials_path")) {
      top.warn("credentials_path", "is ignored (no registration with a central core)");
    }
    Section sentinel = top.section("sentinel");
    IdentityConfig identity = identity(sentinel);
    Section collector = top.section("collector");
    Integer configuredWorkers = workerPool(collector);
    SenderConfig sender = sender(top.section("sender"));
    boolean pushgateway =
        sender.destinations().stream().anyMatch(d -> d.name().equals("pushgateway"));
    if (pushgateway) {
      pushgatewayLabels(sentinel, identity);
    }
    List<TaskConfig> tasks = new TaskReader(plugins, identity, problems, pushgateway).read(top);
    int workers = WorkerSizing.workers(configuredWorkers, tasks, collector);
    BufferConfig buffer = buffer(top.section("buffer"), tasks, sender.flushInterval());
    LoggingConfig logging = LoggingConfig.read(top.section("logging"));
    SelfMetrics self = selfMetrics(top.section("self_metrics"));
    top.finish();
    problems.throwIfErrors();
    return new SentinelConfig(
        source,
        identity,
        workers,
        buffer,
        sender,
        tasks,
        logging,
        self.listen(),
        self.webConfigFile(),
        self.push(),
        problems.warnings());
  }

  private IdentityConfig identity(Section s) {
    String name = s.string("name", "").trim();
    if (name.isEmpty()) {
      name = hostName();
    }
    String region = s.string("region", "").trim();
    if (s.has("id")) {
      s.warn("id", "is ignored (the sentinel's identity is sentinel.name)");
    }
    Map<String, String> raw = s.stringMap("labels");
    Labels labels = Labels.EMPTY;
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String path = "labels." + e.getKey();
      if (!Labels.isValidName(e.getKey())) {
        s.error(
            path,
            "invalid label name (use letters, digits and _, not starting with a digit or __)");
      } else if (TaskReader.RESERVED.contains(e.getKey())) {
        s.error(path, "is set by Sentinel itself and cannot be overridden");
      } else if (e.getValue().isEmpty()) {
        s.error(path, "must not be empty");
      } else {
        labels = labels.merge(Labels.of(e.getKey(), e.getValue()));
      }
    }
    s.finish();
    return new IdentityConfig(name, region, labels);
  }

  /**
   * The Pushgateway replaces job and instance with its grouping key: refuse them, never drop them.
   */
  private static void pushgatewayLabels(Section sentinel, IdentityConfig identity) {
    for (String name : TaskReader.PUSHGATEWAY_LABELS) {
      if (identity.labels().get(name) != null) {
        sentinel.error(
            "labels." + name,
            "is set by the Pushgateway from its grouping key and cannot be a sentinel label");
      }
    }
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "sentinel";
    }
  }

  /** The configured pool size, or null to size it from the tasks. */
  private Integer workerPool(Section s) {
    Integer n = s.has("worker_pool_size") ? s.integer("worker_pool_size", 1, 1, 1000) : null;
    for (String legacy : List.of("task_fetch_interval", "max_execution_time")) {
      if (s.has(legacy)) {
        s.warn(legacy, "is ignored (tasks come from this file; each task has its own timeout)");
      }
    }
    s.finish();
    return n;
  }

  private BufferConfig buffer(Section s, List<TaskConfig> tasks, Duration flush) {
    String type = s.choice("type", "memory", List.of("memory", "disk"));
    Integer configuredSize =
        s.has("size")
            ? s.integer("size", BufferSizing.MIN_DEFAULT, 1, BufferSizing.MAX_SIZE)
            : null;
    int size =
        type.equals("memory")
            ? BufferSizing.size(configuredSize, tasks, flush, heapBytes, s)
            : configuredSize == null ? BufferSizing.MIN_DEFAULT : configuredSize;
    String diskPath = s.string("disk_path", "./data/buffer");
    if (type.equals("disk") && diskPath.isBlank()) {
      s.error("disk_path", "is required when type is disk");
    } else if (type.equals("disk")) {
      s.writableDirectory("disk_path", diskPath);
    }
    long maxDiskBytes =
        s.ranged(
            "max_disk_size",
            1L << 30,
            Sizes::parse,
            new Range<>(1L << 20, 1L << 40, Sizes::format, 0L, "no limit"));
    Duration maxAge = s.duration("max_age", Duration.ZERO, Duration.ZERO, MAX_AGE);
    if (s.has("flush_interval")) {
      s.warn("flush_interval", "is ignored (use sender.flush_interval)");
    }
    s.finish();
    return new BufferConfig(type, size, diskPath, maxDiskBytes, maxAge);
  }

  private SenderConfig sender(Section s) {
    String mode = s.string("mode", "direct").trim().toLowerCase(Locale.ROOT);
    if (mode.equals("core") || mode.equals("hybrid")) {
      s.error(
          "mode",
          "\""
              + mode
              + "\" is not supported: this Sentinel has no central core and sends straight to"
              + " the destinations under sender.direct (use mode: direct)");
    } else if (!mode.equals("direct")) {
      s.error("mode", "\"" + mode + "\" is not a sender mode (use direct)");
    }
    Duration flush =
        s.duration(
            "flush_interval", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1));
    int batch = s.integer("batch_size", 1000, 1, 100_000);
    Duration timeout =
        s.duration(
            "timeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(10));
    Duration shutdown =
        s.duration(
            "shutdown_timeout",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofMinutes(10));
    long maxBatchBytes = s.size("max_batch_bytes", 4L << 20, 1L << 10, 256L << 20);
    RetryPolicy retry = retry(s.section("retry"));
    for (String legacy : List.of("retry_times", "retry_interval")) {
      if (s.has(legacy)) {
        s.warn(legacy, "is ignored (failed batches are retried on the next flush)");
      }
    }
    // A destination's loop uses these too: changing one restarts every destination on reload.
    String shared = List.of(flush, batch, maxBatchBytes, timeout, retry).toString();
    List<DestinationConfig> specs =
        destinations(s.section("direct"), new SenderDefaults(timeout, userAgent), shared);
    s.finish();
    return new SenderConfig(flush, batch, maxBatchBytes, timeout, shutdown, retry, specs);
  }

  private RetryPolicy retry(Section r) {
    RetryPolicy d = RetryPolicy.DEFAULT;
    Duration min =
        r.duration("min_backoff", d.minBackoff(), Duration.ofMillis(10), Duration.ofHours(1));
    Duration max =
        r.duration("max_backoff", d.maxBackoff(), Duration.ofMillis(10), Duration.ofHours(1));
    r.finish();
    if (max.compareTo(min) < 0) {
      r.error(
          "max_backoff", "must not be shorter than min_backoff (" + Durations.format(min) + ")");
      return d;
    }
    return new RetryPolicy(min, max, d.multiplier(), d.jitter());
  }

  private List<DestinationConfig> destinations(
      Section direct, SenderDefaults defaults, String shared) {
    List<DestinationConfig> specs = new ArrayList<>();
    for (String type : direct.keys()) {
      Section d = direct.section(type);
      boolean enabled = d.bool("enabled", false);
      if (type.equals("clickhouse")) {
        String msg = "ClickHouse is not supported (use victoria_metrics or prometheus)";
        if (enabled) {
          d.error("enabled", msg);
        } else {
          direct.warn(type, msg + "; this disabled section is ignored");
        }
        d.accept(d.keys().toArray(new String[0]));
        continue;
      }
      DestinationProvider provider = destinations.find(type).orElse(null);
      if (provider == null) {
        String hint =
            Spelling.closest(type, destinations.types())
                .map(t -> " (did you mean " + t + "?)")
                .orElse("");
        direct.error(
            type,
            "unknown destination" + hint + "; known: " + String.join(", ", destinations.types()));
        continue;
      }
      for (String legacy : List.of("dsn", "table_name", "batch_size")) {
        if (d.has(legacy)) {
          d.warn(legacy, "is ignored for this destination (use sender.batch_size)");
        }
      }
      if (!enabled) {
        d.accept(d.keys().toArray(new String[0]));
        continue;
      }
      Duration maxAge =
          d.duration("max_sample_age", provider.defaultMaxSampleAge(), Duration.ZERO, MAX_AGE);
      DestinationSpec spec = provider.configure(d, defaults);
      d.finish();
      specs.add(new DestinationConfig(spec, maxAge, d.digest() + "|" + shared));
    }
    direct.accept(direct.keys().toArray(new String[0]));
    if (specs.isEmpty()) {
      destinations
          .find("file")
          .ifPresent(
              p -> {
                direct
                    .problems()
                    .warn(
                        0,
                        direct.path(),
                        "no destination is enabled: samples go to the file destination (its default"
                            + " path)");
                specs.add(
                    new DestinationConfig(
                        p.configure(
                            new Section(direct.path() + ".file", null, direct.problems()),
                            defaults),
                        p.defaultMaxSampleAge()));
              });
    }
    return specs;
  }

  private record SelfMetrics(String listen, String webConfigFile, boolean push) {}

  private SelfMetrics selfMetrics(Section s) {
    String listen = s.string("listen", "127.0.0.1:9465").trim();
    if (!listen.isEmpty()) {
      int colon = listen.lastIndexOf(':');
      int port = -1;
      try {
        port = colon < 0 ? -1 : Integer.parseInt(listen.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        s.error(
            "listen",
            "\"" + listen + "\" is not host:port (e.g. 127.0.0.1:9465; empty turns it off)");
      }
    }
    // Only whether it can be read: its content (TLS, users) is the application's to check.
    String webConfigFile = s.string("web_config_file", "").trim();
    if (!webConfigFile.isEmpty()) {
      try (InputStream in = Files.newInputStream(Path.of(webConfigFile))) {
        in.read();
        if (listen.isEmpty()) {
          s.warn("web_config_file", "is not used while listen is empty (the listener is off)");
        }
      } catch (IOException e) {
        s.error("web_config_file", FileError.cannotRead(Path.of(webConfigFile), e));
      } catch (InvalidPathException e) {
        s.error("web_config_file", "\"" + webConfigFile + "\" is not a valid file path");
      }
    }
    boolean push = s.bool("push", true);
    s.finish();
    return new SelfMetrics(listen, webConfigFile, push);
  }
}
