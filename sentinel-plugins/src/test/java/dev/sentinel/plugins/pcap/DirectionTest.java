package dev.sentinel.plugins.pcap;

import static dev.sentinel.plugins.pcap.Frames.MAC_A;
import static dev.sentinel.plugins.pcap.Frames.MAC_B;
import static dev.sentinel.plugins.pcap.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a frame's direction follows from the interface's own addresses. */
class DirectionTest {
  /** eth0 with 192.0.2.2/24 (broadcast 192.0.2.255), 2001:db8::2 and MAC_A. */
  static final OwnAddresses ETH0 =
      OwnAddresses.of(
          false,
          List.of(ip("192.0.2.2"), ip("2001:db8::2"), ip("fe80::2")),
          List.of(ip("192.0.2.255")),
          List.of(MAC_A));

  static InetAddress ip(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Direction v4(OwnAddresses own, String src, String dst) {
    return direction(
        own,
        FrameParser.DLT_EN10MB,
        frame().ethernet(MAC_B, MAC_A, 0x0800).ipv4(src, dst, 17, 8).udp(1, 2, 0).build());
  }

  static Direction v6(OwnAddresses own, String src, String dst) {
    return direction(
        own,
        FrameParser.DLT_EN10MB,
        frame().ethernet(MAC_B, MAC_A, 0x86DD).ipv6(src, dst, 17, 8).udp(1, 2, 0).build());
  }

  static Direction direction(OwnAddresses own, int linkType, byte[] f) {
    FrameParser p = new FrameParser(linkType);
    p.parse(f);
    return own.direction(p, f);
  }

  @Test
  void ipv4ByTheInterfaceAddresses() {
    assertThat(v4(ETH0, "198.51.100.7", "192.0.2.2")).isEqualTo(Direction.IN);
    assertThat(v4(ETH0, "192.0.2.2", "198.51.100.7")).isEqualTo(Direction.OUT);
    assertThat(v4(ETH0, "192.0.2.2", "192.0.2.2")).isEqualTo(Direction.LOCAL);
    assertThat(v4(ETH0, "198.51.100.7", "198.51.100.8")).isEqualTo(Direction.TRANSIT);
  }

  @Test
  void broadcastAndMulticastFromElsewhereAreInAndFromUsOut() {
    assertThat(v4(ETH0, "192.0.2.9", "192.0.2.255")).isEqualTo(Direction.IN);
    assertThat(v4(ETH0, "0.0.0.0", "255.255.255.255")).as("DHCP discover").isEqualTo(Direction.IN);
    assertThat(v4(ETH0, "192.0.2.9", "224.0.0.251")).isEqualTo(Direction.IN);
    assertThat(v4(ETH0, "192.0.2.2", "224.0.0.251")).isEqualTo(Direction.OUT);
    assertThat(v6(ETH0, "fe80::9", "ff02::1")).isEqualTo(Direction.IN);
    assertThat(v6(ETH0, "fe80::2", "ff02::fb")).isEqualTo(Direction.OUT);
    assertThat(v4(ETH0, "192.0.2.9", "198.51.100.255"))
        .as("another subnet's broadcast")
        .isEqualTo(Direction.TRANSIT);
  }

  @Test
  void ipv6ByTheInterfaceAddresses() {
    assertThat(v6(ETH0, "2001:db8::9", "2001:db8::2")).isEqualTo(Direction.IN);
    assertThat(v6(ETH0, "2001:db8::2", "2001:db8::9")).isEqualTo(Direction.OUT);
    assertThat(v6(ETH0, "2001:db8::9", "2001:db8::a")).isEqualTo(Direction.TRANSIT);
  }

  @Test
  void loopbackAddressesAreAlwaysOurs() {
    OwnAddresses lo =
        OwnAddresses.of(true, List.of(ip("127.0.0.1"), ip("::1")), List.of(), List.of());
    assertThat(v4(lo, "127.0.0.1", "127.0.0.1")).isEqualTo(Direction.LOCAL);
    assertThat(v4(lo, "127.0.3.7", "127.255.0.1"))
        .as("all of 127.0.0.0/8")
        .isEqualTo(Direction.LOCAL);
    assertThat(v6(lo, "::1", "::1")).isEqualTo(Direction.LOCAL);
  }

  @Test
  void framesWithoutIpFollowTheLinkLayer() {
    byte[] arpFromUs = frame().ethernet(Frames.BROADCAST_MAC, MAC_A, 0x0806).zeros(28).build();
    byte[] arpToUs = frame().ethernet(MAC_A, MAC_B, 0x0806).zeros(28).build();
    byte[] arpBroadcast = frame().ethernet(Frames.BROADCAST_MAC, MAC_B, 0x0806).zeros(28).build();
    byte[] arpElsewhere =
        frame().ethernet(Frames.mac("02:00:00:00:00:0c"), MAC_B, 0x0806).zeros(28).build();
    int en = FrameParser.DLT_EN10MB;
    assertThat(direction(ETH0, en, arpFromUs)).isEqualTo(Direction.OUT);
    assertThat(direction(ETH0, en, arpToUs)).isEqualTo(Direction.IN);
    assertThat(direction(ETH0, en, arpBroadcast)).isEqualTo(Direction.IN);
    assertThat(direction(ETH0, en, arpElsewhere)).isEqualTo(Direction.TRANSIT);
    OwnAddresses lo = OwnAddresses.of(true, List.of(), List.of(), List.of());
    assertThat(direction(lo, en, arpElsewhere))
        .as("everything on loopback is local")
        .isEqualTo(Direction.LOCAL);
    assertThat(direction(ETH0, FrameParser.DLT_LINUX_SLL, frame().sll(4, 0x0806).zeros(28).build()))
        .isEqualTo(Direction.OUT);
    assertThat(direction(ETH0, FrameParser.DLT_RAW, new byte[] {0x45, 0}))
        .as("cut short, nothing known")
        .isEqualTo(Direction.TRANSIT);
  }

  @Test
  void theLoopbackInterfaceOwnsEveryAddressOfTheHost() throws Exception {
    OwnAddresses lo = OwnAddresses.of("lo");
    assertThat(lo.loopback()).isTrue();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        byte[] b = a.getAddress();
        boolean own =
            b.length == 4
                ? lo.own4(FrameParser.i32(b, 0))
                : lo.own6(FrameParser.i64(b, 0), FrameParser.i64(b, 8));
        assertThat(own).as("%s of %s", a, nif.getName()).isTrue();
      }
    }
    assertThat(OwnAddresses.of("sentinel-nx0")).isSameAs(OwnAddresses.NONE);
    assertThat(OwnAddresses.of("any").loopback()).isFalse();
    assertThat(OwnAddresses.of("any").own4(FrameParser.i32(Frames.addr("127.0.0.1"), 0))).isTrue();
  }
}
