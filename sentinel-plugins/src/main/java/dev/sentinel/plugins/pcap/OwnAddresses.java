package dev.sentinel.plugins.pcap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses that count as ours when a frame's direction is decided: the interface's own IP and
 * MAC addresses (all interfaces' for {@code any}), read again every run (DHCP), and always all of
 * 127.0.0.0/8 and ::1. On a loopback interface every frame is from this host to this host, so there
 * every address of the host is ours, and frames without IP addresses are local. Immutable: the
 * capture thread reads the current instance through a volatile field.
 */
final class OwnAddresses {
  static final OwnAddresses NONE =
      new OwnAddresses(false, new int[0], new int[0], new long[0], new long[0]);

  private final boolean loopback;
  private final int[] v4;
  private final int[] v4Broadcast;
  private final long[] v6; // pairs: high, low 64 bits
  private final long[] macs;

  OwnAddresses(boolean loopback, int[] v4, int[] v4Broadcast, long[] v6, long[] macs) {
    this.loopback = loopback;
    this.v4 = v4.clone();
    this.v4Broadcast = v4Broadcast.clone();
    this.v6 = v6.clone();
    this.macs = macs.clone();
  }

  /** The addresses of interface {@code name} now; {@link #NONE} if there is no such interface. */
  static OwnAddresses of(String name) {
    try {
      if (name.equals("any")) {
        return from(Collections.list(NetworkInterface.getNetworkInterfaces()), false);
      }
      NetworkInterface nif = NetworkInterface.getByName(name);
      if (nif == null) {
        return NONE;
      }
      boolean loopback = nif.isLoopback();
      return from(
          loopback ? Collections.list(NetworkInterface.getNetworkInterfaces()) : List.of(nif),
          loopback);
    } catch (SocketException e) {
      return NONE; // the capture's own open says what is wrong with the interface
    }
  }

  static OwnAddresses from(List<NetworkInterface> interfaces, boolean loopback)
      throws SocketException {
    List<InetAddress> addresses = new ArrayList<>();
    List<InetAddress> broadcasts = new ArrayList<>();
    List<byte[]> macs = new ArrayList<>();
    for (NetworkInterface nif : interfaces) {
      for (InterfaceAddress a : nif.getInterfaceAddresses()) {
        addresses.add(a.getAddress());
        if (a.getBroadcast() != null) {
          broadcasts.add(a.getBroadcast());
        }
      }
      byte[] mac = nif.getHardwareAddress();
      if (mac != null && mac.length == 6) {
        macs.add(mac);
      }
    }
    return of(loopback, addresses, broadcasts, macs);
  }

  static OwnAddresses of(
      boolean loopback,
      List<InetAddress> addresses,
      List<InetAddress> broadcasts,
      List<byte[]> macs) {
    List<Integer> v4 = new ArrayList<>();
    List<Long> v6 = new ArrayList<>();
    for (InetAddress a : addresses) {
      byte[] b = a.getAddress();
      if (a instanceof Inet4Address) {
        v4.add(FrameParser.i32(b, 0));
      } else {
        v6.add(FrameParser.i64(b, 0));
        v6.add(FrameParser.i64(b, 8));
      }
    }
    return new OwnAddresses(
        loopback,
        v4.stream().mapToInt(Integer::intValue).toArray(),
        broadcasts.stream()
            .filter(b -> b instanceof Inet4Address)
            .mapToInt(b -> FrameParser.i32(b.getAddress(), 0))
            .toArray(),
        v6.stream().mapToLong(Long::longValue).toArray(),
        macs.stream().mapToLong(m -> FrameParser.u48(m, 0)).toArray());
  }

  /** Whether these are a loopback interface's addresses (where all traffic is local). */
  boolean loopback() {
    return loopback;
  }

  /** The direction of the frame {@code p} has just parsed from {@code f}. */
  Direction direction(FrameParser p, byte[] f) {
    if (p.family == 4) {
      int s = FrameParser.i32(f, p.src);
      int d = FrameParser.i32(f, p.dst);
      return Direction.of(own4(s), own4(d), group4(d));
    }
    if (p.family == 6) {
      long sh = FrameParser.i64(f, p.src);
      long dh = FrameParser.i64(f, p.dst);
      return Direction.of(
          own6(sh, FrameParser.i64(f, p.src + 8)),
          own6(dh, FrameParser.i64(f, p.dst + 8)),
          (dh >>> 56) == 0xff);
    }
    if (p.link >= 0) {
      return FrameParser.direction(p.link);
    }
    if (p.link == FrameParser.LINK_ETHERNET && !loopback) {
      long from = FrameParser.u48(f, 6);
      long to = FrameParser.u48(f, 0);
      return Direction.of(ownMac(from), ownMac(to), (f[0] & 1) != 0);
    }
    return loopback ? Direction.LOCAL : Direction.TRANSIT;
  }

  boolean own4(int a) {
    if ((a >>> 24) == 127) {
      return true;
    }
    for (int x : v4) {
      if (x == a) {
        return true;
      }
    }
    return false;
  }

  /**
   * Multicast (224.0.0.0/4), the limited broadcast, or the broadcast address of one of our subnets.
   */
  boolean group4(int a) {
    if ((a >>> 28) == 0xe || a == -1) {
      return true;
    }
    for (int x : v4Broadcast) {
      if (x == a) {
        return true;
      }
    }
    return false;
  }

  boolean own6(long high, long low) {
    if (high == 0 && low == 1) {
      return true;
    }
    for (int i = 0; i < v6.length; i += 2) {
      if (v6[i] == high && v6[i + 1] == low) {
        return true;
      }
    }
    return false;
  }

  private boolean ownMac(long mac) {
    for (long m : macs) {
      if (m == mac) {
        return true;
      }
    }
    return false;
  }
}
