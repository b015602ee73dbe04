package dev.sentinel.plugins.net;

import dev.sentinel.core.options.Section;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The option {@code ip_family}: which of a host's addresses a probe uses. One enum for every
 * plugin; {@link #BOTH} (every family at once) only where a plugin allows it (ping).
 */
public enum IpFamily {
  IP4,
  IP6,
  PREFER4,
  PREFER6,
  BOTH;

  public static final String KEY = "ip_family";
  private static final List<String> ONE = List.of("ip4", "ip6", "prefer4", "prefer6");
  private static final List<String> ANY = List.of("ip4", "ip6", "prefer4", "prefer6", "both");

  /**
   * Reads {@code ip_family} (default {@code prefer4}); {@code both} only with {@code allowBoth}.
   */
  public static IpFamily read(Section o, boolean allowBoth) {
    return valueOf(o.choice(KEY, "prefer4", allowBoth ? ANY : ONE).toUpperCase(Locale.ROOT));
  }

  /** As written in the config, e.g. {@code ip4}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Only addresses of one family are used. */
  public boolean strict() {
    return this == IP4 || this == IP6;
  }

  /** IPv6 is used, or preferred. */
  public boolean v6() {
    return this == IP6 || this == PREFER6;
  }

  /** The addresses to use, from everything the name resolved to; empty when none fits. */
  public List<InetAddress> pick(InetAddress[] all) {
    InetAddress v4 = first(all, false);
    InetAddress v6 = first(all, true);
    List<InetAddress> out = new ArrayList<>(2);
    switch (this) {
      case IP4 -> add(out, v4);
      case IP6 -> add(out, v6);
      case PREFER4 -> add(out, v4 != null ? v4 : v6);
      case PREFER6 -> add(out, v6 != null ? v6 : v4);
      case BOTH -> {
        add(out, v4);
        add(out, v6);
      }
    }
    return out;
  }

  /** Why nothing fitted: {@code <host> has no IPv6 address} (IPv4 for every other family). */
  public String noAddress(String host) {
    return host + " has no " + (this == IP6 ? "IPv6" : "IPv4") + " address";
  }

  private static void add(List<InetAddress> out, InetAddress a) {
    if (a != null) {
      out.add(a);
    }
  }

  private static InetAddress first(InetAddress[] all, boolean v6) {
    for (InetAddress a : all) {
      if ((a instanceof Inet6Address) == v6) {
        return a;
      }
    }
    return null;
  }
}
