package dev.sentinel.plugins.netdev;

import static dev.sentinel.plugins.netdev.Fixtures.probe;
import static dev.sentinel.plugins.netdev.Fixtures.run;
import static dev.sentinel.plugins.netdev.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.plugin.ProbeResult;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin on this machine's own /proc and /sys: loopback traffic we make shows up. */
class RealProcTest {
  @Test
  void loopbackCountersAndRatesFollowTrafficWeSend() throws Exception {
    NetdevProbe p =
        probe(Map.of("interfaces_include", "lo", "rates", true, "link", true), System::nanoTime);
    ProbeResult before = run(p, null);
    assertThat(before.success()).isTrue();
    double rxBefore =
        value(before, "netdev_receive_packets_total", "interface", "lo").orElseThrow();
    double udpBefore = value(before, "netstat_Udp_InDatagrams_total").orElseThrow();

    int datagrams = 200;
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] payload = new byte[100];
      for (int i = 0; i < datagrams; i++) {
        sender.send(new DatagramPacket(payload, payload.length, receiver.getLocalSocketAddress()));
      }
      receiver.setSoTimeout(2000);
      for (int i = 0; i < datagrams; i++) {
        receiver.receive(new DatagramPacket(new byte[200], 200));
      }
    }
    Thread.sleep(50);
    ProbeResult after = run(p, null);
    assertThat(value(after, "netdev_receive_packets_total", "interface", "lo").orElseThrow())
        .isGreaterThanOrEqualTo(rxBefore + datagrams);
    assertThat(value(after, "netdev_receive_bytes_total", "interface", "lo").orElseThrow())
        .isPositive();
    assertThat(value(after, "netstat_Udp_InDatagrams_total").orElseThrow())
        .isGreaterThanOrEqualTo(udpBefore + datagrams);
    assertThat(value(after, "netdev_receive_packets_per_second", "interface", "lo").orElseThrow())
        .isPositive();
    assertThat(value(after, "netdev_mtu_bytes", "interface", "lo").orElseThrow())
        .isGreaterThanOrEqualTo(1500);
    assertThat(value(after, "netdev_admin_up", "interface", "lo")).contains(1.0);
    assertThat(value(after, "netdev_read_errors", "file", "dev")).contains(0.0);
    assertThat(value(after, "netdev_read_errors", "file", "snmp")).contains(0.0);
    assertThat(value(after, "netdev_read_errors", "file", "netstat")).contains(0.0);
  }
}
