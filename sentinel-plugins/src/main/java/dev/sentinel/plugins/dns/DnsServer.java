package dev.sentinel.plugins.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;

/**
 * A configured name server: {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6
 * address. An IP literal is kept as an address; a host name is resolved at each run.
 */
record DnsServer(String host, int port, InetAddress literal) {
  static final int DEFAULT_PORT = 53;
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]*)(?:\\.[A-Za-z0-9_-]+)*\\.?");

  /** Parses {@code text}; throws {@link IllegalArgumentException} with a message for the user. */
  static DnsServer parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "must not be empty (leave it out to use /etc/resolv.conf)");
    }
    String host;
    String port = null;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0 || (end + 1 < s.length() && s.charAt(end + 1) != ':')) {
        throw bad(s);
      }
      host = s.substring(1, end);
      if (end + 1 < s.length()) {
        port = s.substring(end + 2);
      }
      if (ipv6(host) == null) {
        throw new IllegalArgumentException(
            "\"" + host + "\" in \"" + s + "\" is not an IPv6 address");
      }
    } else if (s.indexOf(':') != s.lastIndexOf(':')) {
      host = s; // a bare IPv6 address: no port
      if (ipv6(host) == null) {
        throw new IllegalArgumentException(
            "\"" + s + "\" is not an IPv6 address (write [v6]:port to give a port)");
      }
    } else {
      int colon = s.indexOf(':');
      host = colon < 0 ? s : s.substring(0, colon);
      port = colon < 0 ? null : s.substring(colon + 1);
      if (host.isEmpty() || !NAME.matcher(host).matches()) {
        throw bad(s);
      }
    }
    int p = DEFAULT_PORT;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException(
            "\"" + s + "\" has an invalid port \"" + port + "\" (1 to 65535)");
      }
    }
    InetAddress literal = ipv6(host);
    if (literal == null) {
      literal = ipv4(host);
    }
    return new DnsServer(host, p, literal);
  }

  private static IllegalArgumentException bad(String s) {
    return new IllegalArgumentException(
        "\""
            + s
            + "\" is not host[:port] or [IPv6]:port (e.g. 192.0.2.53, ns1.example.net:5353,"
            + " [2001:db8::53]:53)");
  }

  private static InetAddress ipv4(String s) {
    return literal(s, Address.IPv4);
  }

  private static InetAddress ipv6(String s) {
    return literal(s, Address.IPv6);
  }

  /** Parses an address literal without any lookup, or {@code null}. */
  private static InetAddress literal(String s, int family) {
    byte[] bytes = Address.toByteArray(s, family);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The form used in labels and progress lines: {@code host:port}, {@code [v6]:port}. */
  String display() {
    return (literal != null && literal.getAddress().length == 16 ? "[" + host + "]" : host)
        + ":"
        + port;
  }

  static String display(InetSocketAddress a) {
    InetAddress ip = a.getAddress();
    String host = ip == null ? a.getHostString() : ip.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
