package dev.sentinel.plugins.pcap;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Hand-built frames for the parser tests: headers byte by byte, as on the wire. */
final class Frames {
  static final byte[] MAC_A = mac("02:00:00:00:00:0a");
  static final byte[] MAC_B = mac("02:00:00:00:00:0b");
  static final byte[] BROADCAST_MAC = mac("ff:ff:ff:ff:ff:ff");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Frames() {}

  static Frames frame() {
    return new Frames();
  }

  Frames bytes(int... values) {
    for (int v : values) {
      out.write(v);
    }
    return this;
  }

  Frames bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  Frames u16(int v) {
    return bytes(v >> 8, v & 0xff);
  }

  Frames zeros(int n) {
    return bytes(new byte[n]);
  }

  Frames ethernet(byte[] dst, byte[] src, int etherType) {
    return bytes(dst).bytes(src).u16(etherType);
  }

  /** An 802.1Q (or 802.1ad with 0x88A8 before it) tag: TCI, then the inner EtherType. */
  Frames vlan(int vid, int innerType) {
    return u16(vid).u16(innerType);
  }

  /**
   * An IPv4 header without options, protocol {@code proto}, total length for {@code payload} bytes.
   */
  Frames ipv4(String src, String dst, int proto, int payload) {
    int total = 20 + payload;
    return bytes(0x45, 0)
        .u16(total)
        .u16(0x1234)
        .u16(0x4000)
        .bytes(64, proto)
        .u16(0)
        .bytes(addr(src))
        .bytes(addr(dst));
  }

  Frames ipv6(String src, String dst, int nextHeader, int payload) {
    return bytes(0x60, 0, 0, 0)
        .u16(payload)
        .bytes(nextHeader, 64)
        .bytes(addr(src))
        .bytes(addr(dst));
  }

  /** A hop-by-hop, routing or destination options header of 8 bytes. */
  Frames extension(int nextHeader) {
    return bytes(nextHeader, 0).zeros(6);
  }

  Frames fragment(int nextHeader, int offset) {
    return bytes(nextHeader, 0).u16(offset << 3).zeros(4);
  }

  Frames udp(int srcPort, int dstPort, int payload) {
    return u16(srcPort).u16(dstPort).u16(8 + payload).u16(0).zeros(payload);
  }

  Frames tcp(int srcPort, int dstPort) {
    return u16(srcPort).u16(dstPort).zeros(8).bytes(0x50, 0x02).u16(65535).u16(0).u16(0);
  }

  /** Linux cooked capture v1: packet type, ARPHRD_ETHER, address length 6, address, protocol. */
  Frames sll(int packetType, int protocol) {
    return u16(packetType).u16(1).u16(6).bytes(MAC_A).zeros(2).u16(protocol);
  }

  /** Linux cooked capture v2: protocol, reserved, ifindex, ARPHRD_ETHER, packet type, address. */
  Frames sll2(int packetType, int protocol) {
    return u16(protocol).u16(0).bytes(0, 0, 0, 2).u16(1).bytes(packetType, 6).bytes(MAC_A).zeros(2);
  }

  byte[] build() {
    return out.toByteArray();
  }

  /** The first {@code n} bytes, as a capture with snap length {@code n} delivers them. */
  byte[] snap(int n) {
    return Arrays.copyOf(build(), n);
  }

  static byte[] addr(String ip) {
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  static byte[] mac(String text) {
    String[] parts = text.split(":");
    byte[] b = new byte[6];
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return b;
  }
}
