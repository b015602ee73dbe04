package dev.sentinel.plugins.ping;

import dev.sentinel.core.config.Durations;
import dev.sentinel.core.config.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code plugin: ping}: ICMP echo to one host. Options: {@code host} (required), {@code count}
 * (default 4), {@code interval} (default 1s, at least 200ms), {@code timeout} (per reply, default
 * 2s). See the module README for the samples.
 */
public final class PingPlugin implements Plugin {
  public static final String TYPE = "ping";
  public static final int DEFAULT_COUNT = 4;
  public static final int MAX_COUNT = 10_000;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  /** iputils refuses shorter intervals for users without CAP_NET_ADMIN/root. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(200);
  public static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
  static final int MAX_HOST_LENGTH = 253;

  // A DNS name (letters, digits, '-', '_', '.'), an IPv4 address, or an IPv6 address with an
  // optional zone (fe80::1%eth0). Nothing a shell or ping could read as something else.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9._-]*)");
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9._-]+)?");

  private final PingEngine engine;

  /** The plugin as found by ServiceLoader: runs the system {@code ping}. */
  public PingPlugin() {
    this(new ExecPingEngine());
  }

  public PingPlugin(PingEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Probe create(Section options, TaskInfo task) {
    // Not requiredString: a list would be reported twice ("not a list" and "is required").
    Optional<String> value = options.string("host");
    String host = value.orElse("").strip();
    if (host.isEmpty() && (value.isPresent() || !options.has("host"))) {
      options.error("host", "is required");
    } else if (!host.isEmpty()) {
      String problem = hostProblem(host);
      if (problem != null) {
        options.error("host", problem);
      }
    }
    int count = options.integer("count", DEFAULT_COUNT, 1, MAX_COUNT);
    Duration interval =
        bounded(
            options,
            "interval",
            DEFAULT_INTERVAL,
            MIN_INTERVAL,
            MAX_INTERVAL,
            " (the shortest interval ping allows without root)");
    Duration timeout = bounded(options, "timeout", DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT, "");
    if (host.isEmpty() || hostProblem(host) != null) {
      // Core never runs a task with config errors; should it anyway, this never touches the
      // network with the rejected value.
      String shown = "invalid-host";
      return new PingProbe(
          (request, listener) -> PingOutcome.failed(shown, "invalid host option"),
          new PingRequest(shown, count, interval, timeout));
    }
    return new PingProbe(engine, new PingRequest(host, count, interval, timeout));
  }

  /** Why {@code host} cannot be pinged safely, or {@code null} when it can. */
  static String hostProblem(String host) {
    if (host.startsWith("-")) {
      return "\"" + host + "\" must not start with \"-\" (ping would read it as an option)";
    }
    if (host.length() > MAX_HOST_LENGTH) {
      return "is longer than " + MAX_HOST_LENGTH + " characters";
    }
    if (!NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
      return "\""
          + host
          + "\" is not a host name or IP address (use letters, digits, \".\", \"-\", \":\")";
    }
    return null;
  }

  private static Duration bounded(
      Section options, String key, Duration fallback, Duration min, Duration max, String why) {
    Duration d = options.duration(key, fallback);
    if (d.compareTo(min) < 0) {
      options.error(key, "must be at least " + Durations.format(min) + why);
      return fallback;
    }
    if (d.compareTo(max) > 0) {
      options.error(key, "must be at most " + Durations.format(max));
      return fallback;
    }
    return d;
  }
}
