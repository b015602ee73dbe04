package dev.sentinel.plugins.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as people (and ping) write them: dotted IPv4, RFC 5952 compressed IPv6 ({@code ::1},
 * not Java's {@code 0:0:0:0:0:0:0:1}). Shared by the plugins that show or label addresses.
 */
public final class Addresses {
  private Addresses() {}

  /** RFC 5952 text, with the scope of a link-local IPv6 address ({@code fe80::1%2}). */
  public static String text(InetAddress a) {
    if (!(a instanceof Inet6Address v6)) {
      return a.getHostAddress();
    }
    String scope = v6.getScopeId() != 0 ? "%" + v6.getScopeId() : "";
    return format(a.getAddress()) + scope;
  }

  /** Text of a 4- or 16-byte address. */
  public static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestStart == 0 && bestLen == 5 && g[5] == 0xffff) { // IPv4-mapped: ::ffff:192.0.2.1
      return "::ffff:"
          + (g[6] >> 8)
          + "."
          + (g[6] & 0xff)
          + "."
          + (g[7] >> 8)
          + "."
          + (g[7] & 0xff);
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
