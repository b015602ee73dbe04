package dev.sentinel.plugins.pcap;

import static dev.sentinel.plugins.pcap.FrameParser.DLT_EN10MB;
import static dev.sentinel.plugins.pcap.FrameParser.DLT_IPV4;
import static dev.sentinel.plugins.pcap.FrameParser.DLT_IPV6;
import static dev.sentinel.plugins.pcap.FrameParser.DLT_LINUX_SLL;
import static dev.sentinel.plugins.pcap.FrameParser.DLT_LINUX_SLL2;
import static dev.sentinel.plugins.pcap.FrameParser.DLT_RAW;
import static dev.sentinel.plugins.pcap.Frames.MAC_A;
import static dev.sentinel.plugins.pcap.Frames.MAC_B;
import static dev.sentinel.plugins.pcap.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sentinel.plugins.net.Addresses;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameParserTest {
  /** What the parser left after one frame, with the addresses read back at its offsets. */
  record Parsed(Protocol protocol, int family, String src, String dst, int link) {}

  static Parsed parse(int linkType, byte[] f) {
    FrameParser p = new FrameParser(linkType);
    p.parse(f);
    int len = p.family == 4 ? 4 : 16;
    String src = p.family == 0 ? null : Addresses.format(Arrays.copyOfRange(f, p.src, p.src + len));
    String dst = p.family == 0 ? null : Addresses.format(Arrays.copyOfRange(f, p.dst, p.dst + len));
    return new Parsed(p.protocol, p.family, src, dst, p.link);
  }

  static Frames eth4() {
    return frame().ethernet(MAC_B, MAC_A, 0x0800);
  }

  static Frames eth6() {
    return frame().ethernet(MAC_B, MAC_A, 0x86DD);
  }

  @Test
  void ethernetIpv4TcpUdpIcmpAndOtherIpProtocols() {
    assertThat(
            parse(
                DLT_EN10MB,
                eth4().ipv4("192.0.2.1", "198.51.100.7", 6, 20).tcp(40000, 443).build()))
        .isEqualTo(
            new Parsed(Protocol.TCP, 4, "192.0.2.1", "198.51.100.7", FrameParser.LINK_ETHERNET));
    assertThat(
            parse(
                DLT_EN10MB,
                eth4().ipv4("192.0.2.1", "198.51.100.7", 17, 12).udp(5353, 53, 4).build()))
        .isEqualTo(
            new Parsed(Protocol.UDP, 4, "192.0.2.1", "198.51.100.7", FrameParser.LINK_ETHERNET));
    assertThat(
            parse(
                    DLT_EN10MB,
                    eth4().ipv4("10.0.0.1", "10.0.0.2", 1, 8).bytes(8, 0).zeros(6).build())
                .protocol())
        .isEqualTo(Protocol.ICMP);
    assertThat(parse(DLT_EN10MB, eth4().ipv4("10.0.0.1", "10.0.0.2", 47, 0).build())) // GRE
        .isEqualTo(
            new Parsed(Protocol.OTHER, 4, "10.0.0.1", "10.0.0.2", FrameParser.LINK_ETHERNET));
  }

  @Test
  void ipv6WalksHopByHopAndFragmentHeadersToTheTransport() {
    byte[] f =
        eth6()
            .ipv6("2001:db8::1", "2001:db8:0:1::53", 0, 8 + 8 + 12)
            .extension(44)
            .fragment(17, 0)
            .udp(5353, 53, 4)
            .build();
    assertThat(parse(DLT_EN10MB, f))
        .isEqualTo(
            new Parsed(
                Protocol.UDP, 6, "2001:db8::1", "2001:db8:0:1::53", FrameParser.LINK_ETHERNET));
  }

  @Test
  void ipv6WalksRoutingAndDestinationOptionsAndANonFirstFragmentKeepsItsTransport() {
    byte[] f =
        eth6()
            .ipv6("2001:db8::1", "2001:db8::2", 43, 0)
            .extension(60)
            .extension(44)
            .fragment(6, 185)
            .build();
    assertThat(parse(DLT_EN10MB, f).protocol()).isEqualTo(Protocol.TCP);
  }

  @Test
  void icmpv6AndNoNextHeaderAndEsp() {
    assertThat(
            parse(
                    DLT_EN10MB,
                    eth6().ipv6("fe80::1", "ff02::1", 58, 8).bytes(134, 0).zeros(6).build())
                .protocol())
        .isEqualTo(Protocol.ICMP6);
    assertThat(parse(DLT_EN10MB, eth6().ipv6("::1", "::1", 59, 0).build()).protocol())
        .isEqualTo(Protocol.OTHER);
    assertThat(parse(DLT_EN10MB, eth6().ipv6("::1", "::1", 50, 8).zeros(8).build()).protocol())
        .isEqualTo(Protocol.OTHER);
  }

  @Test
  void vlanTaggedFramesAreParsedBehindOneOrTwoTags() {
    byte[] q =
        frame()
            .ethernet(MAC_B, MAC_A, 0x8100)
            .vlan(42, 0x0800)
            .ipv4("192.0.2.1", "192.0.2.2", 17, 8)
            .udp(1, 2, 0)
            .build();
    assertThat(parse(DLT_EN10MB, q))
        .isEqualTo(new Parsed(Protocol.UDP, 4, "192.0.2.1", "192.0.2.2", -2));
    byte[] qinq =
        frame()
            .ethernet(MAC_B, MAC_A, 0x88A8)
            .vlan(100, 0x8100)
            .vlan(42, 0x86DD)
            .ipv6("2001:db8::1", "2001:db8::2", 6, 20)
            .tcp(1, 2)
            .build();
    assertThat(parse(DLT_EN10MB, qinq))
        .isEqualTo(new Parsed(Protocol.TCP, 6, "2001:db8::1", "2001:db8::2", -2));
  }

  @Test
  void arpIsOtherWithoutAddressesButWithTheEthernetHeader() {
    byte[] arp =
        frame()
            .ethernet(Frames.BROADCAST_MAC, MAC_A, 0x0806)
            .u16(1)
            .u16(0x0800)
            .bytes(6, 4)
            .u16(1)
            .bytes(MAC_A)
            .bytes(Frames.addr("192.0.2.1"))
            .zeros(6)
            .bytes(Frames.addr("192.0.2.2"))
            .build();
    assertThat(parse(DLT_EN10MB, arp))
        .isEqualTo(new Parsed(Protocol.OTHER, 0, null, null, FrameParser.LINK_ETHERNET));
  }

  @Test
  void rawIpLinkTypesForTunAndWireGuard() {
    byte[] v4 = frame().ipv4("10.8.0.2", "10.8.0.1", 17, 8).udp(51820, 51820, 0).build();
    byte[] v6 = frame().ipv6("fd00::2", "fd00::1", 58, 8).zeros(8).build();
    for (int dlt : new int[] {DLT_RAW, FrameParser.DLT_RAW_OPENBSD, FrameParser.LINKTYPE_RAW}) {
      assertThat(parse(dlt, v4))
          .isEqualTo(new Parsed(Protocol.UDP, 4, "10.8.0.2", "10.8.0.1", FrameParser.LINK_NONE));
      assertThat(parse(dlt, v6))
          .isEqualTo(new Parsed(Protocol.ICMP6, 6, "fd00::2", "fd00::1", FrameParser.LINK_NONE));
    }
    assertThat(parse(DLT_IPV4, v4).protocol()).isEqualTo(Protocol.UDP);
    assertThat(parse(DLT_IPV6, v6).protocol()).isEqualTo(Protocol.ICMP6);
    assertThat(parse(DLT_IPV4, v6).family()).as("DLT_IPV4 carrying a v6 packet").isZero();
  }

  @Test
  void linuxCookedCaptureGivesProtocolAndTheKernelsPacketType() {
    byte[] out =
        frame().sll(4, 0x0800).ipv4("192.0.2.2", "192.0.2.9", 6, 20).tcp(22, 50000).build();
    assertThat(parse(DLT_LINUX_SLL, out))
        .isEqualTo(new Parsed(Protocol.TCP, 4, "192.0.2.2", "192.0.2.9", Direction.OUT.ordinal()));
    byte[] in =
        frame().sll(0, 0x86DD).ipv6("2001:db8::9", "2001:db8::2", 17, 8).udp(1, 2, 0).build();
    assertThat(parse(DLT_LINUX_SLL, in))
        .isEqualTo(
            new Parsed(Protocol.UDP, 6, "2001:db8::9", "2001:db8::2", Direction.IN.ordinal()));
    assertThat(parse(DLT_LINUX_SLL, frame().sll(3, 0x0806).zeros(28).build()))
        .isEqualTo(new Parsed(Protocol.OTHER, 0, null, null, Direction.TRANSIT.ordinal()));
    assertThat(parse(DLT_LINUX_SLL, frame().sll(1, 0x0806).zeros(28).build()).link())
        .isEqualTo(Direction.IN.ordinal());
  }

  @Test
  void linuxCookedCaptureV2() {
    byte[] f = frame().sll2(4, 0x0800).ipv4("192.0.2.2", "192.0.2.9", 1, 8).zeros(8).build();
    assertThat(parse(DLT_LINUX_SLL2, f))
        .isEqualTo(new Parsed(Protocol.ICMP, 4, "192.0.2.2", "192.0.2.9", Direction.OUT.ordinal()));
  }

  @Test
  void anUnknownLinkTypeIsOther() {
    byte[] f = eth4().ipv4("192.0.2.1", "192.0.2.2", 6, 20).tcp(1, 2).build();
    assertThat(parse(127, f))
        .isEqualTo(new Parsed(Protocol.OTHER, 0, null, null, FrameParser.LINK_NONE)); // radiotap
  }

  @Test
  void aSnapLengthCutInsideTheIpHeaderIsOtherWithoutAddresses() {
    Frames full = eth4().ipv4("192.0.2.1", "192.0.2.2", 17, 8).udp(1, 2, 0);
    assertThat(parse(DLT_EN10MB, full.snap(14 + 19)))
        .isEqualTo(new Parsed(Protocol.OTHER, 0, null, null, -2));
    assertThat(parse(DLT_EN10MB, full.snap(14 + 20)).protocol())
        .as("the whole fixed header")
        .isEqualTo(Protocol.UDP);
    Frames v6 = eth6().ipv6("2001:db8::1", "2001:db8::2", 0, 16).extension(17).udp(1, 2, 0);
    assertThat(parse(DLT_EN10MB, v6.snap(14 + 39)).family()).isZero();
    assertThat(parse(DLT_EN10MB, v6.snap(14 + 41))) // cut inside the hop-by-hop header
        .isEqualTo(new Parsed(Protocol.OTHER, 6, "2001:db8::1", "2001:db8::2", -2));
  }

  @ParameterizedTest
  @ValueSource(ints = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_IPV4, DLT_IPV6})
  void everyPrefixOfEveryFrameParsesWithoutThrowing(int linkType) {
    byte[][] frames = {
      eth6()
          .ipv6("2001:db8::1", "2001:db8::2", 0, 36)
          .extension(43)
          .extension(44)
          .fragment(51, 0)
          .bytes(17, 1)
          .zeros(6)
          .udp(1, 2, 0)
          .build(),
      frame()
          .ethernet(MAC_B, MAC_A, 0x8100)
          .vlan(1, 0x8100)
          .vlan(2, 0x8100)
          .vlan(3, 0x8100)
          .vlan(4, 0x8100)
          .vlan(5, 0x0800)
          .ipv4("1.2.3.4", "5.6.7.8", 6, 20)
          .tcp(1, 2)
          .build(),
      frame().sll(0, 0x86DD).ipv6("::1", "::1", 0, 8).bytes(0, 255).zeros(6).build(),
      frame().ipv6("::1", "::1", 60, 8).bytes(60, 0).zeros(6).build(),
    };
    FrameParser p = new FrameParser(linkType);
    for (byte[] f : frames) {
      for (int n = 0; n <= f.length; n++) {
        byte[] cut = Arrays.copyOf(f, n);
        assertThatCode(() -> p.parse(cut)).as("%d bytes", n).doesNotThrowAnyException();
      }
    }
  }
}
