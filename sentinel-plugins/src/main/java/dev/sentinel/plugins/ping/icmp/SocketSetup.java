package dev.sentinel.plugins.ping.icmp;

import static dev.sentinel.plugins.ping.icmp.LibC.*;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Creates an ICMP socket and configures it for the engine, and explains in one line why the kernel
 * refused one (the message users see when neither unprivileged nor raw ICMP is allowed).
 */
final class SocketSetup {
  static final int RCVBUF = 4 << 20;

  private SocketSetup() {}

  /** A configured socket and its ICMP identifier. */
  record Opened(int fd, int ident) {}

  /** Creates and configures the socket: buffer, timestamps, TTL reporting, identifier. */
  static Opened open(boolean v6, boolean raw, SecureRandom random) throws IcmpUnavailableException {
    int family = v6 ? AF_INET6 : AF_INET;
    int proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
    int fd = socket(family, (raw ? SOCK_RAW : SOCK_DGRAM) | SOCK_CLOEXEC, proto);
    if (fd < 0) {
      int errno = Native.getLastError();
      throw new IcmpUnavailableException(socketFailure(v6, raw, errno), errno);
    }
    boolean ok = false;
    try {
      Memory one = new Memory(4);
      one.setInt(0, 1);
      Memory buf = new Memory(4);
      buf.setInt(0, RCVBUF);
      // SO_RCVBUFFORCE ignores net.core.rmem_max but needs CAP_NET_ADMIN; else capped at rmem_max.
      if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, buf, 4) < 0) {
        check(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, buf, 4), "SO_RCVBUF");
      }
      check(setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, one, 4), "SO_TIMESTAMPNS");
      if (v6) {
        check(setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, one, 4), "IPV6_RECVHOPLIMIT");
      } else {
        check(setsockopt(fd, IPPROTO_IP, IP_RECVTTL, one, 4), "IP_RECVTTL");
      }
      // A safety net only: close() wakes the receiver with shutdown(2).
      Memory tv = new Memory(16);
      tv.setLong(0, 1);
      tv.setLong(8, 0);
      check(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16), "SO_RCVTIMEO");
      int ident;
      if (raw) {
        ident = 1 + random.nextInt(0xffff);
        installFilter(fd, v6);
      } else {
        ident = bindRandomPort(fd, v6, random);
      }
      ok = true;
      return new Opened(fd, ident);
    } finally {
      if (!ok) {
        LibC.close(fd);
      }
    }
  }

  private static void check(int rc, String what) throws IcmpUnavailableException {
    if (rc < 0) {
      int errno = Native.getLastError();
      throw new IcmpUnavailableException(
          "setsockopt " + what + ": " + Errno.describe(errno), errno);
    }
  }

  /** Raw sockets see every ICMP packet: let only echo replies and errors through. */
  private static void installFilter(int fd, boolean v6) throws IcmpUnavailableException {
    if (v6) {
      Memory f = new Memory(32);
      int[] words = new int[8];
      Arrays.fill(words, -1); // a set bit blocks the type
      for (int type : new int[] {129, 1, 3}) {
        words[type >> 5] &= ~(1 << (type & 31));
      }
      f.write(0, words, 0, 8);
      check(setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, f, 32), "ICMP6_FILTER");
    } else {
      Memory f = new Memory(4);
      f.setInt(0, ~((1 << 0) | (1 << 3) | (1 << 11)));
      check(setsockopt(fd, SOL_RAW, ICMP_FILTER, f, 4), "ICMP_FILTER");
    }
  }

  /** A datagram ICMP socket's identifier is its local "port": bind to a random free one. */
  private static int bindRandomPort(int fd, boolean v6, SecureRandom random)
      throws IcmpUnavailableException {
    Memory addr = new Memory(28);
    for (int attempt = 0; ; attempt++) {
      int port = 1 + random.nextInt(0xffff);
      addr.clear();
      addr.setShort(0, (short) (v6 ? AF_INET6 : AF_INET));
      addr.setByte(2, (byte) (port >> 8));
      addr.setByte(3, (byte) port);
      if (bind(fd, addr, v6 ? 28 : 16) == 0) {
        return port;
      }
      int errno = Native.getLastError();
      if (errno != Errno.EADDRINUSE || attempt > 50) {
        throw new IcmpUnavailableException("bind: " + Errno.describe(errno), errno);
      }
    }
  }

  static String socketFailure(boolean v6, boolean raw, int errno) {
    String call =
        "socket("
            + (v6 ? "AF_INET6" : "AF_INET")
            + ", "
            + (raw ? "SOCK_RAW" : "SOCK_DGRAM")
            + ", "
            + (v6 ? "IPPROTO_ICMPV6" : "IPPROTO_ICMP")
            + ")";
    if (errno == Errno.EAFNOSUPPORT) {
      return (v6 ? "IPv6" : "IPv4") + " is not available on this host: " + call + ": EAFNOSUPPORT";
    }
    if (!raw && errno == Errno.EACCES) {
      return "ICMP datagram sockets are not allowed for group "
          + Integer.toUnsignedString(getegid())
          + " (net.ipv4.ping_group_range = "
          + pingGroupRange()
          + "): "
          + call
          + ": EACCES";
    }
    if (raw && (errno == Errno.EPERM || errno == Errno.EACCES)) {
      return "raw ICMP sockets need CAP_NET_RAW: " + call + ": " + Errno.name(errno);
    }
    return call + ": " + Errno.describe(errno);
  }

  /** The current thread's network namespace's range, {@code 1 0} style. */
  static String pingGroupRange() {
    // One read with a large buffer: proc_dointvec answers short reads oddly (Files.readString
    // returned just "1" for "1\t0\n").
    try (FileInputStream in = new FileInputStream("/proc/sys/net/ipv4/ping_group_range")) {
      byte[] buf = new byte[256];
      int n = in.read(buf);
      return n <= 0
          ? "unreadable"
          : new String(buf, 0, n, StandardCharsets.US_ASCII).trim().replaceAll("\\s+", " ");
    } catch (IOException | RuntimeException e) {
      return "unreadable";
    }
  }
}
