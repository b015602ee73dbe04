package dev.sentinel.plugins.ping;

import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.plugins.net.Hosts;
import dev.sentinel.plugins.net.IpFamily;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A ping task's validated options. Every problem is reported through the {@link Section}. */
record PingOptions(
    List<Host> hosts,
    boolean multi,
    EchoSpec spec,
    IpFamily ipFamily,
    String method,
    List<Double> percentiles) {

  /** A configured target: the host to resolve each run and the device it reports for. */
  record Host(String host, String deviceId) {}

  // The option keys a trigger sets too, spelled once.
  static final String HOST = "host";
  static final String TARGETS = "targets";
  static final String COUNT = "count";
  static final String INTERVAL = "interval";
  static final String TIMEOUT = "timeout";
  static final String SIZE = "size";
  static final String SOURCE = "source";
  static final String METHOD = "method";
  static final String IP_FAMILY = "ip_family";

  static final int DEFAULT_COUNT = 4;
  static final int MAX_COUNT = 10_000;
  static final int MAX_TARGETS = 100_000;
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  static final Duration MIN_INTERVAL = Duration.ofMillis(10);
  static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
  static final int MAX_SIZE = 65_000;
  static final List<String> METHODS = List.of("auto", "dgram", "raw", "exec");

  static PingOptions parse(Section o, TaskInfo task) {
    List<Host> hosts = hosts(o, task);
    int count = o.integer(COUNT, DEFAULT_COUNT, 1, MAX_COUNT);
    Duration interval = o.duration(INTERVAL, DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
    Duration timeout = o.duration(TIMEOUT, DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
    if (task.budget().isPresent()) {
      Duration[] fitted = EchoTiming.fit(o, task, count, interval, timeout);
      interval = fitted[0];
      timeout = fitted[1];
    }
    int size = o.integer(SIZE, EchoSpec.DEFAULT_SIZE, 0, MAX_SIZE);
    int ttl = o.integer("ttl", 0, 1, 255);
    int tos = tos(o);
    InetAddress[] source = source(o);
    IpFamily family = IpFamily.read(o, true);
    String method = o.choice(METHOD, "auto", METHODS);
    List<Double> percentiles = percentiles(o);
    EchoSpec spec = new EchoSpec(count, interval, timeout, size, ttl, tos, source[0], source[1]);
    return new PingOptions(hosts, o.has(TARGETS), spec, family, method, percentiles);
  }

  private static List<Host> hosts(Section o, TaskInfo task) {
    List<Host> hosts = new ArrayList<>();
    boolean hasHost = o.has(HOST);
    boolean hasTargets = o.has(TARGETS);
    if (hasHost && hasTargets) {
      o.error(TARGETS, "set either host or targets, not both");
      return hosts;
    }
    if (!hasTargets) {
      Optional<String> value = o.string(HOST);
      String host = value.orElse("").strip();
      if (host.isEmpty()) {
        if (!(value.isEmpty() && hasHost)) { // a list or mapping was reported already
          o.error(HOST, "is required (or give a list under targets)");
        }
      } else if (check(o, HOST, host)) {
        hosts.add(new Host(host, task.deviceId()));
      }
      return hosts;
    }
    List<Section.Item> items = o.items(TARGETS);
    if (items.isEmpty()) {
      o.error(TARGETS, "must list at least one host");
    }
    if (items.size() > MAX_TARGETS) {
      o.error(TARGETS, "has " + items.size() + " entries; at most " + MAX_TARGETS);
      return hosts;
    }
    Set<String> seen = new HashSet<>();
    for (Section.Item item : items) {
      ConfigNode n = item.node();
      String host;
      String deviceId;
      String key = item.path().substring(o.path().isEmpty() ? 0 : o.path().length() + 1);
      if (n.isMap()) {
        Section entry = new Section(item.path(), n, o.problems());
        host = entry.string("host", "").strip();
        deviceId = entry.string("device_id", host).strip();
        entry.finish();
        key = key + ".host";
        if (host.isEmpty()) {
          o.problems().error(n.line(), item.path() + ".host", "is required");
          continue;
        }
      } else if (n.isScalar() && !n.isNull()) {
        host = n.asString().strip();
        deviceId = host;
      } else {
        o.problems().error(n.line(), item.path(), "must be a host or {host: …, device_id: …}");
        continue;
      }
      String problem = hostProblem(host);
      if (problem != null) {
        o.problems().error(n.line(), o.keyPath(key), problem);
      } else if (!seen.add(host)) {
        o.problems().error(n.line(), o.keyPath(key), "duplicate target \"" + host + "\"");
      } else if (deviceId.isEmpty()) {
        o.problems().error(n.line(), item.path() + ".device_id", "must not be empty");
      } else {
        hosts.add(new Host(host, deviceId));
      }
    }
    return hosts;
  }

  private static boolean check(Section o, String key, String host) {
    String problem = hostProblem(host);
    if (problem != null) {
      o.error(key, problem);
      return false;
    }
    return true;
  }

  private static int tos(Section o) {
    boolean hasTos = o.has("tos");
    boolean hasDscp = o.has("dscp");
    if (hasTos && hasDscp) {
      o.error("dscp", "set either tos or dscp, not both");
      return -1;
    }
    if (hasDscp) {
      return o.integer("dscp", 0, 0, 63) << 2;
    }
    return o.integer("tos", -1, 0, 255);
  }

  /** {IPv4 source, IPv6 source}; an address literal, never a name to resolve. */
  private static InetAddress[] source(Section o) {
    InetAddress[] out = new InetAddress[2];
    InetAddress a = Hosts.source(o, "the address to send from");
    if (a != null) {
      out[a instanceof Inet6Address ? 1 : 0] = a;
    }
    return out;
  }

  /** Why {@code host} cannot be pinged safely, or {@code null} when it can. */
  static String hostProblem(String host) {
    return Hosts.problem(host, " (ping would read it as an option)");
  }

  private static List<Double> percentiles(Section o) {
    List<Double> out = new ArrayList<>();
    for (String p : o.stringList("percentiles")) {
      try {
        double v = Double.parseDouble(p.strip());
        if (!(v > 0 && v < 100)) {
          throw new NumberFormatException();
        }
        if (!out.contains(v)) {
          out.add(v);
        }
      } catch (NumberFormatException e) {
        o.error(
            "percentiles",
            "\"" + p + "\" is not a percentile between 0 and 100 (e.g. [50, 95, 99])");
      }
    }
    out.sort(null);
    return List.copyOf(out);
  }
}
