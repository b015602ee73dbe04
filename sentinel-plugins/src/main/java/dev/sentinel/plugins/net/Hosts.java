package dev.sentinel.plugins.net;

import dev.sentinel.core.options.Section;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Checks every probe applies to a target host and a source address, with the same messages. */
public final class Hosts {
  public static final int MAX_HOST_LENGTH = 253;
  public static final String SOURCE = "source";

  // A DNS name (letters, digits, '-', '_', '.'), an IPv4 address, or an IPv6 address with an
  // optional zone (fe80::1%eth0). Nothing a shell or a command could read as something else.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9._-]*)");
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9._-]+)?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private Hosts() {}

  /**
   * Why {@code host} cannot be probed safely, or {@code null} when it can; {@code dashHint} is
   * added to the message for a leading {@code -} (e.g. " (ping would read it as an option)").
   */
  public static String problem(String host, String dashHint) {
    if (host.startsWith("-")) {
      return "\"" + host + "\" must not start with \"-\"" + dashHint;
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

  /** Whether {@code host} is an IPv4 or IPv6 address literal rather than a name. */
  public static boolean isLiteral(String host) {
    return IPV4.matcher(host).matches() || host.contains(":");
  }

  /**
   * The option {@code source}: an address literal (never a name to resolve), or null when unset or
   * invalid (then reported, {@code role} saying what it is for, e.g. "the address to send from").
   */
  public static InetAddress source(Section o, String role) {
    String s = o.string(SOURCE, "").strip();
    if (s.isEmpty()) {
      return null;
    }
    if (!IPV4.matcher(s).matches() && !(s.contains(":") && IPV6.matcher(s).matches())) {
      o.error(SOURCE, "\"" + s + "\" is not an IP address (" + role + ", e.g. 192.0.2.10)");
      return null;
    }
    try {
      return InetAddress.getByName(s); // a literal: no lookup
    } catch (UnknownHostException e) {
      o.error(SOURCE, "\"" + s + "\" is not an IP address");
      return null;
    }
  }
}
