package dev.sentinel.plugins.tcp;

import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.Hosts;
import dev.sentinel.plugins.net.IpFamily;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A tcp task's validated options. Every problem is reported through the {@link Section}; nothing
 * here touches the network or the file system (files named in {@code tls_config} are read per run).
 */
record TcpOptions(
    String host,
    int port,
    boolean tls,
    TlsSettings tlsConfig,
    List<Step> steps,
    InetAddress source,
    IpFamily ipFamily,
    Optional<Duration> timeout) {

  static final int MAX_STEPS = 100;
  // The option keys a trigger sets too, spelled once.
  static final String HOST = "host";
  static final String PORT = "port";
  static final String TLS = "tls";
  static final String TLS_CONFIG = "tls_config";
  static final String TIMEOUT = "timeout";
  static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  /** One query_response step: text to write, or a regular expression a received line must match. */
  sealed interface Step permits Send, Expect {}

  /** Writes {@code text} as UTF-8, exactly as given (nothing is appended). */
  record Send(String text) implements Step {}

  /** Reads lines until one matches {@code regex} ({@link java.util.regex.Matcher#find()}). */
  record Expect(Pattern regex) implements Step {}

  static String hostProblem(String host) {
    return Hosts.problem(host, "");
  }

  private static InetAddress source(Section o) {
    return Hosts.source(o, "the local address to connect from");
  }

  static TcpOptions parse(Section o) {
    String host = host(o);
    int port = o.has(PORT) ? o.integer(PORT, 0, 1, 65535) : missing(o, PORT);
    boolean tls = o.bool(TLS, false);
    TlsSettings tlsConfig = tlsConfig(o, tls);
    List<Step> steps = steps(o);
    InetAddress source = source(o);
    IpFamily family = IpFamily.read(o, false);
    if (source != null) {
      boolean v6 = source instanceof Inet6Address;
      if ((family == IpFamily.IP4 && v6) || (family == IpFamily.IP6 && !v6)) {
        o.error(
            Hosts.SOURCE,
            "is an IPv" + (v6 ? "6" : "4") + " address but ip_family is " + family.key());
      }
    }
    Optional<Duration> timeout = o.optionalDuration(TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
    return new TcpOptions(host, port, tls, tlsConfig, steps, source, family, timeout);
  }

  private static int missing(Section o, String key) {
    o.error(key, "is required");
    return 0;
  }

  private static String host(Section o) {
    boolean present = o.has(HOST);
    Optional<String> value = o.string(HOST);
    String host = value.orElse("").strip();
    if (host.isEmpty()) {
      if (!(value.isEmpty() && present)) { // a list or mapping was reported already
        o.error(HOST, "is required");
      }
      return "";
    }
    String problem = hostProblem(host);
    if (problem != null) {
      o.error(HOST, problem);
      return "";
    }
    return host;
  }

  /**
   * {@code tls_config}: read like every client's TLS options (core's {@link TlsSettings}); its
   * files are read per run.
   */
  private static TlsSettings tlsConfig(Section o, boolean tls) {
    if (!o.has(TLS_CONFIG)) {
      return TlsSettings.NONE;
    }
    TlsSettings settings = TlsSettings.parse(o.section(TLS_CONFIG), null);
    if (!tls) {
      o.warn(TLS_CONFIG, "is ignored unless tls is true");
    }
    return settings;
  }

  private static List<Step> steps(Section o) {
    List<Step> steps = new ArrayList<>();
    List<Section.Item> items = o.items("query_response");
    if (items.size() > MAX_STEPS) {
      o.error("query_response", "has " + items.size() + " steps; at most " + MAX_STEPS);
      return steps;
    }
    for (Section.Item item : items) {
      ConfigNode n = item.node();
      if (!n.isMap()) {
        o.problems()
            .error(n.line(), item.path(), "must be {send: \"text\"} or {expect: \"regex\"}");
        continue;
      }
      Section s = new Section(item.path(), n, o.problems());
      for (String unsupported : List.of("expect_bytes", "starttls", "labels")) {
        if (s.has(unsupported)) {
          s.error(unsupported, "is not supported (use send or expect)");
        }
      }
      boolean send = s.has("send");
      boolean expect = s.has("expect");
      if (send && expect) {
        o.problems()
            .error(n.line(), item.path(), "set either send or expect, not both (use two steps)");
        s.string("send");
        s.string("expect");
      } else if (send) {
        String text = s.string("send", "");
        if (text.isEmpty()) {
          s.error("send", "must not be empty");
        } else {
          steps.add(new Send(text));
        }
      } else if (expect) {
        String regex = s.string("expect", "");
        if (regex.isEmpty()) {
          s.error("expect", "must not be empty");
        } else {
          try {
            steps.add(new Expect(Pattern.compile(regex)));
          } catch (PatternSyntaxException e) {
            s.error(
                "expect",
                "invalid regular expression /"
                    + regex
                    + "/: "
                    + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
          }
        }
      } else if (s.keys()
          .isEmpty()) { // other keys are reported by finish() below, with a "did you mean"
        o.problems().error(n.line(), item.path(), "needs send or expect");
      }
      s.finish();
    }
    return List.copyOf(steps);
  }
}
