package dev.sentinel.plugins.ping.icmp;

import static dev.sentinel.plugins.ping.icmp.IcmpPackets.readLong;
import static dev.sentinel.plugins.ping.icmp.IcmpPackets.u16;
import static dev.sentinel.plugins.ping.icmp.LibC.*;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.sentinel.plugins.net.Addresses;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ICMP socket (one address family, datagram or raw) with its receiver thread and the echoes in
 * flight on it. {@link #send} is only called under the engine's send lock, so the send buffers are
 * reused without further locking; the receiver thread owns the receive buffers.
 */
final class IcmpSocket {
  private static final int MAX_PACKET = 65536 + 60; // an IPv4 header may precede the ICMP bytes

  final boolean v6;
  final boolean raw;
  final int fd;

  /** ICMP identifier: chosen for raw sockets, the bound "port" for datagram sockets. */
  final int ident;

  final ConcurrentHashMap<Key, Echo> pending = new ConcurrentHashMap<>();
  private final NativeEchoEngine engine;
  private final Thread receiver;
  private volatile boolean closing;

  /** Replies timed by a kernel timestamp / by System.nanoTime (only the receiver writes). */
  volatile long kernelTimed;

  volatile long fallbackTimed;

  // send side (guarded by the engine's send lock)
  private final Memory sendMsg = new Memory(MSGHDR_SIZE);
  private final Memory sendIov = new Memory(IOVEC_SIZE);
  private final Memory sendName = new Memory(28);
  private final Memory sendControl = new Memory(256);
  private final Memory sendBuf = new Memory(65536 + 8);
  private byte[] packet = new byte[64];

  // Receive side (the receiver thread only). Fields, not locals: recvmsg reaches recvIov, recvBuf,
  // recvName and recvControl only through pointers stored in native memory, so as locals the JIT
  // may consider them dead and the GC free them while the kernel still writes into them.
  private final Memory recvMsg = new Memory(MSGHDR_SIZE);
  private final Memory recvIov = new Memory(IOVEC_SIZE);
  private final Memory recvName = new Memory(28);
  private final Memory recvControl = new Memory(512);
  private final Memory recvBuf = new Memory(MAX_PACKET);
  private int patternSize = -1;

  private IcmpSocket(NativeEchoEngine engine, boolean v6, boolean raw, int fd, int ident) {
    this.engine = engine;
    this.v6 = v6;
    this.raw = raw;
    this.fd = fd;
    this.ident = ident;
    sendMsg.clear();
    sendMsg.setPointer(MSG_NAME, sendName);
    sendMsg.setPointer(MSG_IOV, sendIov);
    sendMsg.setLong(MSG_IOVLEN, 1);
    sendMsg.setPointer(MSG_CONTROL, sendControl);
    sendIov.setPointer(0, sendBuf);
    String name = "sentinel-icmp-" + (v6 ? "v6" : "v4") + "-" + (raw ? "raw" : "dgram");
    receiver = new Thread(this::receiveLoop, name);
    receiver.setDaemon(true);
  }

  /** Opens and configures the socket and starts its receiver thread. */
  static IcmpSocket open(NativeEchoEngine engine, boolean v6, boolean raw, SecureRandom random)
      throws IcmpUnavailableException {
    SocketSetup.Opened o = SocketSetup.open(v6, raw, random);
    IcmpSocket s = new IcmpSocket(engine, v6, raw, o.fd(), o.ident());
    s.receiver.start();
    return s;
  }

  /** Destination unreachable / time exceeded quoting one of our echoes: a notice. */
  private void error(byte[] d, int n, int off, int type, byte[] from) {
    IcmpPackets.Quoted q = IcmpPackets.quotedEcho(d, n, off, type, v6);
    if (q == null || u16(d, q.icmp() + 4) != ident) {
      return;
    }
    Echo e = pending.get(key(q.dst(), 0, u16(d, q.icmp() + 6)));
    if (e == null) {
      return;
    }
    e.run.errorNotice(
        e,
        "From "
            + Addresses.format(from)
            + " icmp_seq="
            + (e.round + 1)
            + " "
            + IcmpPackets.errorText(v6, type, d[off + 1] & 0xff));
  }

  /**
   * Sends {@code e} (key and nonce already set); registers it as pending just before sendmsg and
   * takes the send timestamps immediately before the call. Returns 0 or the errno.
   */
  int send(Echo e, byte[] dst, int scopeId, EchoSpec spec, InetAddress source) {
    int size = spec.size();
    int len = 8 + size;
    if (packet.length < len) {
      packet = new byte[len];
      patternSize = -1;
    }
    if (patternSize != size) {
      for (int i = 8; i < len; i++) {
        packet[i] = (byte) (i - 8);
      }
      patternSize = size;
    }
    packet[0] = (byte) (v6 ? 128 : 8);
    packet[1] = 0;
    packet[2] = 0;
    packet[3] = 0;
    packet[4] = (byte) (ident >> 8); // ignored (overwritten by the kernel) for datagram sockets
    packet[5] = (byte) ident;
    packet[6] = (byte) (e.key.seq >> 8);
    packet[7] = (byte) e.key.seq;
    if (size >= 8) {
      long n = e.nonce;
      for (int i = 0; i < 8; i++) {
        packet[8 + i] = (byte) (n >>> (56 - 8 * i));
      }
    }
    if (raw && !v6) { // the kernel checksums datagram ICMP and raw ICMPv6
      int c = IcmpPackets.checksum(packet, len);
      packet[2] = (byte) (c >> 8);
      packet[3] = (byte) c;
    }
    sendBuf.write(0, packet, 0, len);
    sendIov.setLong(8, len);
    int nameLen;
    if (v6) {
      sendName.clear(28);
      sendName.setShort(0, (short) AF_INET6);
      sendName.write(8, dst, 0, 16);
      sendName.setInt(24, scopeId);
      nameLen = 28;
    } else {
      sendName.clear(16);
      sendName.setShort(0, (short) AF_INET);
      sendName.write(4, dst, 0, 4);
      nameLen = 16;
    }
    sendMsg.setInt(MSG_NAMELEN, nameLen);
    sendMsg.setLong(MSG_CONTROLLEN, control(spec, source));
    pending.put(e.key, e);
    e.sendNano = System.nanoTime();
    e.sendReal = engine.realtimeNanos();
    long rc = sendmsg(fd, sendMsg, 0);
    if (rc < 0) {
      int errno = Native.getLastError();
      pending.remove(e.key, e);
      return errno == 0 ? Errno.EINVAL : errno;
    }
    return 0;
  }

  /** Per-packet TTL/hop limit, TOS/traffic class and source as sendmsg ancillary data. */
  private int control(EchoSpec spec, InetAddress source) {
    int off = 0;
    int level = v6 ? IPPROTO_IPV6 : IPPROTO_IP;
    if (spec.ttl() > 0) {
      off = cmsgInt(off, level, v6 ? IPV6_HOPLIMIT : IP_TTL, spec.ttl());
    }
    if (spec.tos() >= 0) {
      off = cmsgInt(off, level, v6 ? IPV6_TCLASS : IP_TOS, spec.tos());
    }
    if (source != null) {
      byte[] a = source.getAddress();
      if (v6) { // struct in6_pktinfo { in6_addr; int ifindex }
        sendControl.setLong(off, CMSG_HDR + 20);
        sendControl.setInt(off + 8, level);
        sendControl.setInt(off + 12, IPV6_PKTINFO);
        sendControl.write(off + CMSG_HDR, a, 0, 16);
        int scope = source instanceof Inet6Address s6 ? s6.getScopeId() : 0;
        sendControl.setInt(off + CMSG_HDR + 16, scope);
        off += cmsgAlign(CMSG_HDR + 20);
      } else { // struct in_pktinfo { int ifindex; in_addr spec_dst; in_addr addr }
        sendControl.setLong(off, CMSG_HDR + 12);
        sendControl.setInt(off + 8, level);
        sendControl.setInt(off + 12, IP_PKTINFO);
        sendControl.setInt(off + CMSG_HDR, 0);
        sendControl.write(off + CMSG_HDR + 4, a, 0, 4);
        sendControl.setInt(off + CMSG_HDR + 8, 0);
        off += cmsgAlign(CMSG_HDR + 12);
      }
    }
    return off;
  }

  private int cmsgInt(int off, int level, int type, int value) {
    sendControl.setLong(off, CMSG_HDR + 4);
    sendControl.setInt(off + 8, level);
    sendControl.setInt(off + 12, type);
    sendControl.setInt(off + CMSG_HDR, value);
    return off + cmsgAlign(CMSG_HDR + 4);
  }

  private void receiveLoop() {
    Memory msg = recvMsg;
    Memory iov = recvIov;
    Memory name = recvName;
    Memory control = recvControl;
    Memory buf = recvBuf;
    byte[] data = new byte[MAX_PACKET];
    byte[] from = new byte[v6 ? 16 : 4];
    iov.setPointer(0, buf);
    iov.setLong(8, MAX_PACKET);
    msg.clear();
    msg.setPointer(MSG_NAME, name);
    msg.setPointer(MSG_IOV, iov);
    msg.setLong(MSG_IOVLEN, 1);
    msg.setPointer(MSG_CONTROL, control);
    while (!closing) {
      msg.setInt(MSG_NAMELEN, 28);
      msg.setLong(MSG_CONTROLLEN, control.size());
      msg.setInt(MSG_FLAGS, 0);
      long n = recvmsg(fd, msg, 0);
      long nowNano = System.nanoTime();
      if (n <= 0) {
        if (closing) {
          break;
        }
        if (n < 0) {
          int errno = Native.getLastError();
          if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
            pause(); // e.g. ENOMEM: don't spin
          }
        }
        continue;
      }
      long real = -1;
      int ttl = -1;
      long clen = msg.getLong(MSG_CONTROLLEN);
      for (int off = 0; off + CMSG_HDR <= clen; ) {
        long len = control.getLong(off);
        if (len < CMSG_HDR || off + len > clen) {
          break;
        }
        int level = control.getInt(off + 8);
        int type = control.getInt(off + 12);
        if (level == SOL_SOCKET && type == SO_TIMESTAMPNS && len >= CMSG_HDR + 16) {
          real = control.getLong(off + CMSG_HDR) * 1_000_000_000L + control.getLong(off + 24);
        } else if ((level == IPPROTO_IP && type == IP_TTL)
            || (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT)) {
          ttl = control.getInt(off + CMSG_HDR);
        }
        off += cmsgAlign(len);
      }
      int len = (int) Math.min(n, MAX_PACKET);
      buf.read(0, data, 0, len);
      name.read(v6 ? 8 : 4, from, 0, from.length);
      try {
        handle(data, len, from, real, nowNano, ttl);
      } catch (RuntimeException e) {
        // a malformed packet must not stop the receiver
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(byte[] d, int n, byte[] from, long real, long nowNano, int ttl) {
    int off = 0;
    if (raw && !v6) { // raw IPv4 sockets deliver the IP header
      if (n < 20) {
        return;
      }
      off = (d[0] & 0x0f) * 4;
      if (ttl < 0) {
        ttl = d[8] & 0xff;
      }
    }
    if (n - off < 8) {
      return;
    }
    int type = d[off] & 0xff;
    if (type == (v6 ? 129 : 0)) {
      if (raw && u16(d, off + 4) != ident) {
        return; // another process' echo
      }
      Echo e = pending.get(key(from, 0, u16(d, off + 6)));
      if (e == null) {
        return; // unknown, or later than its deadline
      }
      if (n - off >= 16 && e.run.spec.size() >= 8 && readLong(d, off + 8) != e.nonce) {
        return; // a stale reply to an earlier echo with the same sequence number
      }
      long nanoRtt = nowNano - e.sendNano;
      long rtt = nanoRtt;
      if (real > 0) {
        long k = real - e.sendReal;
        if (k >= 0 && k <= nanoRtt + 1_000_000) { // else the wall clock stepped
          rtt = k;
        }
      }
      if (rtt == nanoRtt) {
        fallbackTimed++;
      } else {
        kernelTimed++;
      }
      e.run.reply(e, n - off, from, ttl, rtt);
    } else if (raw) {
      error(d, n, off, type, from);
    }
  }

  Key key(byte[] addr, int off, int seq) {
    if (v6) {
      return new Key(Key.half(addr, off), Key.half(addr, off + 8), seq);
    }
    return new Key(0, Key.v4(addr, off), seq);
  }

  /** Stops the receiver (shutdown(2) wakes it from recvmsg) and closes the socket. */
  void close() {
    closing = true;
    shutdown(fd, SHUT_RDWR);
    try {
      receiver.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LibC.close(fd);
  }

  /** The receive buffer the kernel actually granted (it reports double the requested value). */
  int receiveBuffer() {
    Memory v = new Memory(4);
    Memory l = new Memory(4);
    l.setInt(0, 4);
    return getsockopt(fd, SOL_SOCKET, SO_RCVBUF, v, l) == 0 ? v.getInt(0) : -1;
  }

  boolean receiverAlive() {
    return receiver.isAlive();
  }
}
