package dev.sentinel.plugins.ping.icmp;

import java.util.Arrays;

/** Pure functions over ICMP bytes: checksums, field access, what an ICMP error quotes and says. */
final class IcmpPackets {
  private IcmpPackets() {}

  static int checksum(byte[] b, int len) {
    long sum = 0;
    int i = 0;
    for (; i + 1 < len; i += 2) {
      sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (i < len) {
      sum += (b[i] & 0xff) << 8;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  /**
   * Where an ICMP error quotes one of our echo requests: its destination and ICMP header offset.
   */
  record Quoted(byte[] dst, int icmp) {}

  /**
   * The echo request quoted by a destination-unreachable / time-exceeded message, or null when it
   * quotes something else.
   */
  static Quoted quotedEcho(byte[] d, int n, int off, int type, boolean v6) {
    int inner = off + 8;
    if (v6) {
      if ((type != 1 && type != 3) || n < inner + 48 || (d[inner + 6] & 0xff) != 58) {
        return null;
      }
      int icmp = inner + 40;
      return (d[icmp] & 0xff) == 128
          ? new Quoted(Arrays.copyOfRange(d, inner + 24, inner + 40), icmp)
          : null;
    }
    if ((type != 3 && type != 11) || n < inner + 20 || d[inner + 9] != 1) {
      return null;
    }
    int icmp = inner + (d[inner] & 0x0f) * 4;
    if (n < icmp + 8 || (d[icmp] & 0xff) != 8) {
      return null;
    }
    return new Quoted(Arrays.copyOfRange(d, inner + 16, inner + 20), icmp);
  }

  static String errorText(boolean v6, int type, int code) {
    if (v6) {
      if (type == 3) {
        return code == 0 ? "Time exceeded: Hop limit" : "Time exceeded: Defragmentation failure";
      }
      return switch (code) {
        case 0 -> "Destination unreachable: No route";
        case 1 -> "Destination unreachable: Administratively prohibited";
        case 3 -> "Destination unreachable: Address unreachable";
        case 4 -> "Destination unreachable: Port unreachable";
        default -> "Destination unreachable: code " + code;
      };
    }
    if (type == 11) {
      return code == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded";
    }
    return switch (code) {
      case 0 -> "Destination Net Unreachable";
      case 1 -> "Destination Host Unreachable";
      case 2 -> "Destination Protocol Unreachable";
      case 3 -> "Destination Port Unreachable";
      case 4 -> "Frag needed";
      case 9, 10, 13 -> "Communication prohibited by filter";
      default -> "Dest Unreachable, code " + code;
    };
  }

  static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }
}
