package dev.sentinel.plugins.ping;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as people write them: {@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}. */
final class Addresses {
  private Addresses() {}

  /** RFC 5952 text: lower case, the longest run of two or more zero groups as {@code ::}. */
  static String text(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
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
    StringBuilder sb = new StringBuilder();
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
    String scope = ((Inet6Address) a).getScopeId() != 0 ? "%" + ((Inet6Address) a).getScopeId() : "";
    return sb + scope;
  }
}
