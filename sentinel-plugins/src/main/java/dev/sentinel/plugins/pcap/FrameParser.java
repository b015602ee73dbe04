package dev.sentinel.plugins.pcap;

/**
 * Reads a captured frame's protocol and where its IP addresses are, by offset, from the raw bytes
 * (typed parsing through pcap4j's packet factories costs four times as much and halves the packets
 * per second a capture keeps up with). One instance per capture, used by its capture thread only:
 * {@link #parse} leaves its results in the fields, so nothing is allocated per frame. A frame cut
 * short by the snap length never throws: what could not be read is {@code other}.
 */
final class FrameParser {
  // libpcap's DLT_* values (pcap/dlt.h) as pcap_datalink() reports them on Linux.
  static final int DLT_EN10MB = 1;
  static final int DLT_RAW = 12;
  static final int DLT_RAW_OPENBSD = 14;
  static final int LINKTYPE_RAW = 101;
  static final int DLT_LINUX_SLL = 113;
  static final int DLT_IPV4 = 228;
  static final int DLT_IPV6 = 229;
  static final int DLT_LINUX_SLL2 = 276;

  /** {@link #link}: nothing known from the link layer. */
  static final int LINK_NONE = -1;

  /** {@link #link}: an Ethernet header, MAC addresses at 0 (destination) and 6 (source). */
  static final int LINK_ETHERNET = -2;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86DD;
  private static final int MAX_VLAN_TAGS = 4;
  private static final int MAX_IPV6_EXTENSIONS = 8;
  private static final Direction[] DIRECTIONS = Direction.values();

  private final int linkType;

  /** The last frame's protocol. */
  Protocol protocol;

  /**
   * 4 or 6 when the last frame's IP addresses were captured (at {@link #src}, {@link #dst}), else
   * 0.
   */
  int family;

  int src;
  int dst;

  /**
   * What the link layer says of the last frame's direction: a {@link Direction} ordinal (Linux
   * cooked capture's packet type), {@link #LINK_ETHERNET} or {@link #LINK_NONE}.
   */
  int link;

  FrameParser(int linkType) {
    this.linkType = linkType;
  }

  int linkType() {
    return linkType;
  }

  void parse(byte[] f) {
    protocol = Protocol.OTHER;
    family = 0;
    link = LINK_NONE;
    switch (linkType) {
      case DLT_EN10MB -> {
        if (f.length >= 12) {
          link = LINK_ETHERNET;
        }
        if (f.length >= 14) {
          network(f, 14, u16(f, 12));
        }
      }
      case DLT_LINUX_SLL -> { // packet type, ARPHRD type, address length, 8 address bytes, protocol
        if (f.length >= 16) {
          link = cookedDirection(u16(f, 0));
          network(f, 16, u16(f, 14));
        }
      }
      case DLT_LINUX_SLL2 -> { // protocol, reserved, ifindex, ARPHRD type, packet type, …
        if (f.length >= 20) {
          link = cookedDirection(f[10] & 0xff);
          network(f, 20, u16(f, 0));
        }
      }
      case DLT_RAW, DLT_RAW_OPENBSD, LINKTYPE_RAW -> {
        if (f.length >= 1) {
          int version = (f[0] >> 4) & 0xf;
          if (version == 4) {
            ipv4(f, 0);
          } else if (version == 6) {
            ipv6(f, 0);
          }
        }
      }
      case DLT_IPV4 -> ipv4(f, 0);
      case DLT_IPV6 -> ipv6(f, 0);
      default -> {} // an unknown link type: everything is other
    }
  }

  /** The payload at {@code off} of EtherType {@code type}, after any 802.1Q / 802.1ad tags. */
  private void network(byte[] f, int off, int type) {
    for (int tags = 0; isVlan(type) && tags < MAX_VLAN_TAGS; tags++) {
      if (off + 4 > f.length) {
        return;
      }
      type = u16(f, off + 2); // after the tag control information
      off += 4;
    }
    if (type == ETHERTYPE_IPV4) {
      ipv4(f, off);
    } else if (type == ETHERTYPE_IPV6) {
      ipv6(f, off);
    }
  }

  private static boolean isVlan(int type) {
    return type == 0x8100 || type == 0x88A8 || type == 0x9100;
  }

  private void ipv4(byte[] f, int off) {
    if (off + 20 > f.length || ((f[off] >> 4) & 0xf) != 4) {
      return;
    }
    family = 4;
    src = off + 12;
    dst = off + 16;
    protocol =
        switch (f[off + 9] & 0xff) {
          case 6 -> Protocol.TCP;
          case 17 -> Protocol.UDP;
          case 1 -> Protocol.ICMP;
          default -> Protocol.OTHER;
        };
  }

  /** Walks hop-by-hop, routing, fragment, destination options and AH headers to the transport. */
  private void ipv6(byte[] f, int off) {
    if (off + 40 > f.length || ((f[off] >> 4) & 0xf) != 6) {
      return;
    }
    family = 6;
    src = off + 8;
    dst = off + 24;
    int next = f[off + 6] & 0xff;
    int at = off + 40;
    for (int i = 0; i <= MAX_IPV6_EXTENSIONS; i++) {
      switch (next) {
        case 6 -> {
          protocol = Protocol.TCP;
          return;
        }
        case 17 -> {
          protocol = Protocol.UDP;
          return;
        }
        case 58 -> {
          protocol = Protocol.ICMP6;
          return;
        }
        case 0, 43, 60, 44, 51 -> {
          if (at + 2 > f.length) {
            return; // cut inside the extension headers: the transport is unknown
          }
          int length =
              switch (next) {
                case 44 -> 8; // fragment: fixed size
                case 51 -> ((f[at + 1] & 0xff) + 2) * 4; // AH counts 4-byte words
                default -> ((f[at + 1] & 0xff) + 1) * 8;
              };
          next = f[at] & 0xff;
          at += length;
        }
        default -> {
          return; // no next header (59), ESP, or another protocol: other
        }
      }
    }
  }

  private static int cookedDirection(int packetType) {
    return switch (packetType) {
      case 0, 1, 2 -> Direction.IN.ordinal(); // to us, broadcast, multicast
      case 3 -> Direction.TRANSIT.ordinal(); // to another host
      case 4 -> Direction.OUT.ordinal(); // sent by us
      default -> LINK_NONE;
    };
  }

  static Direction direction(int ordinal) {
    return DIRECTIONS[ordinal];
  }

  static int u16(byte[] f, int off) {
    return ((f[off] & 0xff) << 8) | (f[off + 1] & 0xff);
  }

  static int i32(byte[] f, int off) {
    return (f[off] << 24)
        | ((f[off + 1] & 0xff) << 16)
        | ((f[off + 2] & 0xff) << 8)
        | (f[off + 3] & 0xff);
  }

  static long i64(byte[] f, int off) {
    return ((long) i32(f, off) << 32) | (i32(f, off + 4) & 0xffffffffL);
  }

  static long u48(byte[] f, int off) {
    return ((long) u16(f, off) << 32) | (i32(f, off + 2) & 0xffffffffL);
  }
}
