package dev.sentinel.plugins.pcap;

import static dev.sentinel.plugins.pcap.Frames.MAC_A;
import static dev.sentinel.plugins.pcap.Frames.MAC_B;
import static dev.sentinel.plugins.pcap.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.plugins.pcap.TalkerTable.Talker;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrafficCounterTest {
  static byte[] udp(String src, String dst, int payload) {
    return frame()
        .ethernet(MAC_B, MAC_A, 0x0800)
        .ipv4(src, dst, 17, 8 + payload)
        .udp(1, 2, payload)
        .build();
  }

  @Test
  void countsPacketsAndWireBytesPerProtocolAndDirection() {
    TrafficCounter c = new TrafficCounter(FrameParser.DLT_EN10MB, DirectionTest.ETH0, null);
    byte[] in = udp("198.51.100.7", "192.0.2.2", 1400);
    byte[] snapped = Arrays.copyOf(in, 128); // what snaplen 128 delivers
    c.count(snapped, in.length);
    c.count(snapped, in.length);
    c.count(udp("192.0.2.2", "198.51.100.7", 10), 52);
    c.count(
        frame().ethernet(Frames.BROADCAST_MAC, MAC_B, 0x0806).zeros(28).build(),
        60); // ARP, padded on the wire

    Counts counts = c.counts(3, 1);
    assertThat(counts.packets(Protocol.UDP, Direction.IN)).isEqualTo(2);
    assertThat(counts.bytes(Protocol.UDP, Direction.IN))
        .as("wire length, not the snapped 128")
        .isEqualTo(2L * (14 + 20 + 8 + 1400));
    assertThat(counts.packets(Protocol.UDP, Direction.OUT)).isEqualTo(1);
    assertThat(counts.bytes(Protocol.UDP, Direction.OUT)).isEqualTo(52);
    assertThat(counts.packets(Protocol.OTHER, Direction.IN)).isEqualTo(1);
    assertThat(counts.bytes(Protocol.OTHER, Direction.IN)).isEqualTo(60);
    assertThat(counts.captured()).isEqualTo(4);
    assertThat(counts.capturedBytes()).isEqualTo(2L * 1442 + 52 + 60);
    assertThat(counts.kernelDropped()).isEqualTo(3);
    assertThat(counts.interfaceDropped()).isEqualTo(1);
    assertThat(c.takeTalkers()).as("top talkers off").isNull();
  }

  @Test
  void topTalkersCountTheRemoteSideOfInAndOutTraffic() {
    TrafficCounter c =
        new TrafficCounter(FrameParser.DLT_EN10MB, DirectionTest.ETH0, new Talkers());
    c.count(udp("198.51.100.7", "192.0.2.2", 0), 100);
    c.count(udp("192.0.2.2", "198.51.100.7", 0), 40);
    c.count(udp("192.0.2.2", "192.0.2.2", 0), 1000); // local: no remote
    c.count(udp("203.0.113.1", "203.0.113.2", 0), 1000); // transit: no remote
    c.count(udp("192.0.2.9", "224.0.0.251", 0), 70); // multicast from a neighbour: in, from it
    assertThat(c.takeTalkers().top(5))
        .containsExactly(
            new Talker("198.51.100.7", 100, 40),
            new Talker("192.0.2.9", 70, 0),
            new Talker("other", 0, 0));
  }

  @Test
  void newOwnAddressesApplyToTheNextFrames() {
    TrafficCounter c = new TrafficCounter(FrameParser.DLT_EN10MB, OwnAddresses.NONE, null);
    c.count(udp("198.51.100.7", "192.0.2.2", 0), 42);
    c.own(DirectionTest.ETH0); // DHCP gave us 192.0.2.2
    c.count(udp("198.51.100.7", "192.0.2.2", 0), 42);
    Counts counts = c.counts(0, 0);
    assertThat(counts.packets(Protocol.UDP, Direction.TRANSIT)).isEqualTo(1);
    assertThat(counts.packets(Protocol.UDP, Direction.IN)).isEqualTo(1);
  }

  @Test
  void countsAreDifferencesAndSums() {
    TrafficCounter c = new TrafficCounter(FrameParser.DLT_EN10MB, DirectionTest.ETH0, null);
    c.count(udp("198.51.100.7", "192.0.2.2", 0), 42);
    Counts first = c.counts(1, 0);
    c.count(udp("198.51.100.7", "192.0.2.2", 0), 42);
    Counts second = c.counts(4, 0);
    Counts interval = second.minus(first);
    assertThat(interval.packets(Protocol.UDP, Direction.IN)).isEqualTo(1);
    assertThat(interval.kernelDropped()).isEqualTo(3);
    assertThat(first.plus(interval).bytes(Protocol.UDP, Direction.IN)).isEqualTo(84);
  }
}
