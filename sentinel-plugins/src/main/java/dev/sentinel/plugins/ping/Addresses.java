package dev.sentinel.plugins.ping;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as people write them: {@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}. */
final class Addresses {
  private Addresses() {}

  /** RFC 5952 text (the engine's formatter), with the scope of a link-local IPv6 address. */
  static String text(InetAddress a) {
    if (!(a instanceof Inet6Address v6)) {
      return a.getHostAddress();
    }
    String scope = v6.getScopeId() != 0 ? "%" + v6.getScopeId() : "";
    return dev.sentinel.plugins.ping.icmp.Addresses.format(a.getAddress()) + scope;
  }
}
