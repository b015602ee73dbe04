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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ICMP socket (one address family, datagram or raw) with its receiver thread and the echoes in
 * flight on it. {@link #send} is only called under the engine's send lock, so the send buffers are
 * reused without further locking; the receiver thread owns the receive buffers.
 */
final class IcmpSocket {
  final boolean v6;
  final boolean raw;
  final int fd;

  /** ICMP identifier: chosen for raw sockets, the bound "port" for datagram sockets. */
  final int ident;

  final ConcurrentHashMap<Key, Echo> pending = new ConcurrentHashMap<>();
  private final NativeEchoEngine engine;
  private final Receiver receiver;
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
  private int patternSize = -1;
  private final ByteBuffer name;
  private int sentLength = -1;
  private int sentControlLength;

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
    // The destination's sockaddr: zeros but for the family (host order), address (and scope).
    name = ByteBuffer.wrap(new byte[v6 ? 28 : 16]).order(ByteOrder.nativeOrder());
    name.putShort(0, (short) (v6 ? AF_INET6 : AF_INET));
    sendMsg.setInt(MSG_NAMELEN, name.capacity());
    sendIov.setPointer(0, sendBuf);
    String thread = "sentinel-icmp-" + (v6 ? "v6" : "v4") + "-" + (raw ? "raw" : "dgram");
    receiver = new Receiver(this, thread);
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
    // Each native write is a JNI call: the address goes in one, and lengths only when they change.
    sendBuf.write(0, packet, 0, len);
    if (len != sentLength) {
      sendIov.setLong(8, len);
      sentLength = len;
    }
    if (v6) { // struct sockaddr_in6
      System.arraycopy(dst, 0, name.array(), 8, 16);
      name.putInt(24, scopeId);
    } else { // struct sockaddr_in
      System.arraycopy(dst, 0, name.array(), 4, 4);
    }
    sendName.write(0, name.array(), 0, name.capacity());
    int controlLength = control(spec, source);
    if (controlLength != sentControlLength) {
      sendMsg.setLong(MSG_CONTROLLEN, controlLength);
      sentControlLength = controlLength;
    }
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

  /** One datagram of {@code n} bytes from the receiver (its thread only). */
  void handle(byte[] d, int n, byte[] from, long real, long nowNano, int ttl) {
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

  /** Whether {@link #close} has begun: the receiver stops at its next wake-up. */
  boolean closing() {
    return closing;
  }

  /** Stops the receiver (shutdown(2) wakes it from recvmmsg) and closes the socket. */
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

  Receiver receiver() {
    return receiver;
  }

  boolean receiverAlive() {
    return receiver.alive();
  }
}
