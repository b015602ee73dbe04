package dev.sentinel.plugins.netdev;

import static dev.sentinel.plugins.netdev.Fixtures.probe;
import static dev.sentinel.plugins.netdev.Fixtures.run;
import static dev.sentinel.plugins.netdev.Fixtures.sample;
import static dev.sentinel.plugins.netdev.Fixtures.tree;
import static dev.sentinel.plugins.netdev.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetdevProbeTest {
  private static Map<String, Object> at(String fixture, Object... more) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("proc_path", tree(fixture).resolve("proc").toString());
    for (int i = 0; i < more.length; i += 2) {
      o.put((String) more[i], more[i + 1]);
    }
    return o;
  }

  @Test
  void linux618InterfaceCountersAsCountersWithoutLoopback() throws Exception {
    ProbeResult r = run(probe(at("linux-6.18"), System::nanoTime), null);
    assertThat(r.success()).isTrue();
    Sample rx = sample(r, "netdev_receive_bytes_total", "interface", "eth0");
    assertThat(rx.value()).isEqualTo(161621840);
    assertThat(rx.kind()).isEqualTo(Sample.Kind.COUNTER);
    assertThat(value(r, "netdev_transmit_packets_total", "interface", "eth0")).contains(5304.0);
    assertThat(value(r, "netdev_transmit_drop_total", "interface", "wg0")).contains(7.0);
    assertThat(value(r, "netdev_receive_bytes_total", "interface", "lo"))
        .as("lo excluded by default")
        .isEmpty();
    // all 16 columns per interface: eth0, ifb0, ifb1, wg0
    assertThat(r.samples())
        .filteredOn(s -> s.name().startsWith("netdev_") && s.name().endsWith("_total"))
        .hasSize(16 * 4);
    assertThat(value(r, "netdev_read_errors", "file", "dev")).contains(0.0);
  }

  @Test
  void linux618ProtocolCountersMatchTheDefaultFields() throws Exception {
    ProbeResult r = run(probe(at("linux-6.18"), System::nanoTime), null);
    assertThat(value(r, "netstat_Tcp_RetransSegs_total")).contains(34.0);
    assertThat(value(r, "netstat_Tcp_OutRsts_total")).contains(3036.0);
    assertThat(value(r, "netstat_Icmp_InMsgs_total")).contains(8288971.0);
    assertThat(value(r, "netstat_IpExt_InOctets_total")).isPresent();
    assertThat(value(r, "netstat_TcpExt_ListenDrops_total")).contains(0.0);
    assertThat(value(r, "netstat_Udp6_InDatagrams_total")).isPresent();
    Sample estab = sample(r, "netstat_Tcp_CurrEstab");
    assertThat(estab.kind()).isEqualTo(Sample.Kind.GAUGE);
    assertThat(value(r, "netstat_Ip_Forwarding")).contains(2.0);
    // not in the default set
    assertThat(value(r, "netstat_Tcp_MaxConn")).isEmpty();
    assertThat(value(r, "netstat_TcpExt_DelayedACKs_total")).isEmpty();
    assertThat(value(r, "netstat_Ip_OutTransmits_total")).isEmpty();
    for (String f : List.of("snmp", "netstat", "snmp6")) {
      assertThat(value(r, "netdev_read_errors", "file", f)).as(f).contains(0.0);
    }
  }

  @Test
  void linux310LongNamesNoIpv6AndIncludeRegex() throws Exception {
    ProbeResult r =
        run(probe(at("linux-3.10", "interfaces_include", "enp.*|lo"), System::nanoTime), null);
    assertThat(r.success()).isTrue();
    assertThat(value(r, "netdev_receive_bytes_total", "interface", "enp0s31f6"))
        .contains(98765432101.0);
    assertThat(value(r, "netdev_receive_multicast_total", "interface", "enp0s31f6"))
        .contains(12345.0);
    assertThat(value(r, "netdev_transmit_carrier_total", "interface", "enp0s31f6")).contains(5.0);
    assertThat(value(r, "netdev_receive_bytes_total", "interface", "lo"))
        .as("named by the include")
        .contains(3456789.0);
    assertThat(value(r, "netdev_receive_bytes_total", "interface", "docker0")).isEmpty();
    assertThat(value(r, "netstat_Tcp_CurrEstab")).contains(17.0);
    assertThat(value(r, "netstat_TcpExt_ListenOverflows_total")).contains(11.0);
    assertThat(value(r, "netstat_Udp_RcvbufErrors_total")).contains(7.0);
    assertThat(value(r, "netstat_IpExt_OutOctets_total")).contains(88888888888.0);
    assertThat(value(r, "netdev_read_errors", "file", "snmp6"))
        .as("no IPv6 is normal, not an error")
        .isEmpty();
  }

  @Test
  void linux510UnsignedCountersReorderedFieldsAndExcludeRegex() throws Exception {
    ProbeResult r =
        run(probe(at("linux-5.10", "interfaces_exclude", "eth.*"), System::nanoTime), null);
    assertThat(value(r, "netdev_receive_bytes_total", "interface", "lo")).contains(123456.0);
    assertThat(value(r, "netdev_receive_bytes_total", "interface", "eth0")).isEmpty();
    ProbeResult all =
        run(probe(at("linux-5.10", "interfaces_exclude", ""), System::nanoTime), null);
    assertThat(value(all, "netdev_receive_bytes_total", "interface", "eth0"))
        .contains(1.8446744073709552E19);
    assertThat(value(all, "netdev_transmit_bytes_total", "interface", "eth0"))
        .contains(9.223372036854775808E18);
    assertThat(value(all, "netdev_receive_packets_total", "interface", "eth0")).contains(4.0E9);
    assertThat(value(all, "netstat_Tcp_RetransSegs_total")).contains(66.0);
    assertThat(value(all, "netstat_Tcp_ActiveOpens_total")).contains(31.0);
    assertThat(value(all, "netstat_Icmp6_InMsgs_total")).contains(5.0);
    assertThat(value(all, "netstat_TcpExt_TCPRcvQDrop_total")).contains(6.0);
  }

  @Test
  void aNewKernelColumnBecomesItsOwnCounter() throws Exception {
    ProbeResult r = run(probe(at("future"), System::nanoTime), null);
    assertThat(value(r, "netdev_receive_nohandler_total", "interface", "eth0")).contains(3.0);
    assertThat(value(r, "netdev_transmit_bytes_total", "interface", "eth0")).contains(2000.0);
  }

  @Test
  void fieldsSelectsTheProtocolCountersAndNetstatOffDropsThem() throws Exception {
    ProbeResult r = run(probe(at("linux-6.18", "fields", "Tcp_.*"), System::nanoTime), null);
    assertThat(r.samples())
        .filteredOn(s -> s.name().startsWith("netstat_"))
        .extracting(Sample::name)
        .allMatch(n -> n.startsWith("netstat_Tcp_"))
        .contains(
            "netstat_Tcp_MaxConn",
            "netstat_Tcp_InCsumErrors_total",
            "netstat_Tcp_EstabResets_total");
    ProbeResult none = run(probe(at("linux-6.18", "netstat", false), System::nanoTime), null);
    assertThat(none.samples()).noneMatch(s -> s.name().startsWith("netstat_"));
    assertThat(value(none, "netdev_read_errors", "file", "snmp")).isEmpty();
  }

  @Test
  void malformedLinesAreSkippedCountedAndReportedNeverACrash() throws Exception {
    List<String> lines = new ArrayList<>();
    ProbeResult r = run(probe(at("malformed", "fields", ".*"), System::nanoTime), lines);
    assertThat(r.success()).isTrue();
    assertThat(value(r, "netdev_receive_bytes_total", "interface", "eth0")).contains(1000.0);
    assertThat(r.samples())
        .filteredOn(s -> s.name().equals("netdev_receive_bytes_total"))
        .hasSize(1);
    assertThat(value(r, "netdev_read_errors", "file", "dev")).contains(4.0);
    assertThat(value(r, "netstat_Ip_InReceives_total")).contains(77.0);
    assertThat(value(r, "netstat_Udp_InDatagrams_total")).contains(10.0);
    assertThat(value(r, "netdev_read_errors", "file", "snmp")).contains(3.0);
    assertThat(value(r, "netdev_read_errors", "file", "netstat")).as("missing file").contains(1.0);
    assertThat(value(r, "netdev_read_errors", "file", "snmp6")).contains(2.0);
    assertThat(value(r, "netstat_Udp6_InDatagrams_total")).contains(12.0);
    assertThat(lines)
        .contains("warning: skipped dev line 4: eth1: 3 values where the header names 16")
        .anyMatch(
            l -> l.startsWith("warning: cannot read ") && l.endsWith("netstat: no such file"));
  }

  @Test
  void withoutProcNetDevTheRunFailsAndSaysWhy(@TempDir Path dir) throws Exception {
    ProbeResult r = run(probe(Map.of("proc_path", dir.toString()), System::nanoTime), null);
    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("cannot read " + dir.resolve("net/dev") + ": no such file");
    assertThat(value(r, "netdev_read_errors", "file", "dev")).contains(1.0);
  }

  @Test
  void linkStateFromSysfs() throws Exception {
    Map<String, Object> o =
        at(
            "linux-6.18",
            "link",
            true,
            "interfaces_exclude",
            "ifb.*",
            "sys_path",
            tree("linux-6.18").resolve("sys").toString());
    ProbeResult r = run(probe(o, System::nanoTime), null);
    assertThat(value(r, "netdev_mtu_bytes", "interface", "eth0")).contains(1400.0);
    assertThat(value(r, "netdev_speed_bytes", "interface", "eth0")).contains(125_000_000.0);
    assertThat(value(r, "netdev_up", "interface", "eth0")).contains(1.0);
    assertThat(value(r, "netdev_admin_up", "interface", "eth0")).contains(1.0);
    assertThat(value(r, "netdev_carrier", "interface", "eth0")).contains(1.0);
    assertThat(sample(r, "netdev_carrier_changes_total", "interface", "eth0").kind())
        .isEqualTo(Sample.Kind.COUNTER);
    assertThat(value(r, "netdev_up", "interface", "lo")).as("operstate unknown").contains(0.0);
    assertThat(value(r, "netdev_admin_up", "interface", "lo")).contains(1.0);
    assertThat(value(r, "netdev_speed_bytes", "interface", "lo"))
        .as("unreadable speed: no sample")
        .isEmpty();
    assertThat(value(r, "netdev_speed_bytes", "interface", "wg0"))
        .as("speed -1: no sample")
        .isEmpty();
    assertThat(value(r, "netdev_admin_up", "interface", "wg0")).contains(0.0);
    assertThat(value(r, "netdev_carrier", "interface", "wg0")).isEmpty();
    assertThat(value(r, "netdev_carrier_changes_total", "interface", "wg0")).contains(5.0);
  }

  @Test
  void ratesBetweenRunsHandleResetsAndNewInterfaces(@TempDir Path dir) throws Exception {
    Path net = Files.createDirectories(dir.resolve("net"));
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    NetdevProbe p =
        probe(Map.of("proc_path", dir.toString(), "rates", true, "netstat", false), nanos::get);
    writeDev(net, "eth0: 1000 10 0 0 0 0 0 0 500 5 0 0 0 0 0 0");
    ProbeResult first = run(p, null);
    assertThat(first.samples()).noneMatch(s -> s.name().endsWith("_per_second"));

    nanos.addAndGet(2_000_000_000L);
    writeDev(
        net,
        "eth0: 5000 30 0 0 0 0 0 0 700 5 0 0 0 0 0 0",
        "eth1: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0");
    ProbeResult second = run(p, null);
    Sample rate = sample(second, "netdev_receive_bytes_per_second", "interface", "eth0");
    assertThat(rate.value()).isEqualTo(2000.0);
    assertThat(rate.kind()).isEqualTo(Sample.Kind.GAUGE);
    assertThat(value(second, "netdev_receive_packets_per_second", "interface", "eth0"))
        .contains(10.0);
    assertThat(value(second, "netdev_transmit_packets_per_second", "interface", "eth0"))
        .contains(0.0);
    assertThat(value(second, "netdev_receive_bytes_per_second", "interface", "eth1"))
        .as("first sight")
        .isEmpty();

    nanos.addAndGet(1_000_000_000L);
    writeDev(
        net,
        "eth0: 200 2 0 0 0 0 0 0 800 6 0 0 0 0 0 0",
        "eth1: 300 2 0 0 0 0 0 0 100 1 0 0 0 0 0 0");
    ProbeResult third = run(p, null);
    assertThat(value(third, "netdev_receive_bytes_per_second", "interface", "eth0"))
        .as("reset: no guess")
        .isEmpty();
    assertThat(value(third, "netdev_transmit_bytes_per_second", "interface", "eth0"))
        .contains(100.0);
    assertThat(value(third, "netdev_receive_bytes_per_second", "interface", "eth1"))
        .contains(200.0);
    assertThat(value(third, "netdev_receive_bytes_total", "interface", "eth0"))
        .as("counters still sent")
        .contains(200.0);

    nanos.addAndGet(1_000_000_000L);
    writeDev(net, "eth0: 300 2 0 0 0 0 0 0 800 6 0 0 0 0 0 0");
    ProbeResult fourth = run(p, null);
    assertThat(value(fourth, "netdev_receive_bytes_per_second", "interface", "eth0"))
        .as("after a reset")
        .contains(100.0);
  }

  @Test
  void ratesAreExactBeyondDoublePrecision(@TempDir Path dir) throws Exception {
    Path net = Files.createDirectories(dir.resolve("net"));
    AtomicLong nanos = new AtomicLong();
    NetdevProbe p =
        probe(Map.of("proc_path", dir.toString(), "rates", true, "netstat", false), nanos::get);
    writeDev(net, "eth0: 18446744073709550000 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
    run(p, null);
    nanos.addAndGet(1_000_000_000L);
    writeDev(net, "eth0: 18446744073709550007 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
    assertThat(value(run(p, null), "netdev_receive_bytes_per_second", "interface", "eth0"))
        .contains(7.0);
  }

  @Test
  void protocolCounterRates(@TempDir Path dir) throws Exception {
    Path net = Files.createDirectories(dir.resolve("net"));
    AtomicLong nanos = new AtomicLong();
    NetdevProbe p = probe(Map.of("proc_path", dir.toString(), "rates", true), nanos::get);
    writeDev(net);
    Files.write(net.resolve("snmp"), List.of("Tcp: RetransSegs CurrEstab", "Tcp: 10 5"));
    run(p, null);
    nanos.addAndGet(500_000_000L);
    Files.write(net.resolve("snmp"), List.of("Tcp: RetransSegs CurrEstab", "Tcp: 15 9"));
    ProbeResult r = run(p, null);
    assertThat(value(r, "netstat_Tcp_RetransSegs_per_second")).contains(10.0);
    assertThat(value(r, "netstat_Tcp_CurrEstab_per_second")).as("a gauge has no rate").isEmpty();
  }

  @Test
  void triggerTableShowsInterfacesProtocolCountersAndRates() throws Exception {
    List<String> lines = new ArrayList<>();
    AtomicLong nanos = new AtomicLong();
    NetdevProbe p =
        probe(
            at(
                "linux-6.18",
                "rates",
                true,
                "link",
                true,
                "sys_path",
                tree("linux-6.18").resolve("sys").toString()),
            nanos::get);
    run(p, null);
    nanos.addAndGet(1_000_000_000L);
    run(p, lines);
    assertThat(lines.get(0))
        .matches(
            "interface +rx bytes +rx packets +rx errs +rx drop +tx bytes +tx packets +tx errs +tx"
                + " drop");
    assertThat(lines)
        .anyMatch(l -> l.matches("eth0 +161621840 +6333 +0 +0 +920343 +5304 +0 +0"))
        .anyMatch(l -> l.matches("eth0 +1400 +1000 +1 +1"))
        .anyMatch(l -> l.matches("interface +rx bytes/s +rx pkts/s +tx bytes/s +tx pkts/s"))
        .anyMatch(l -> l.matches("eth0 +0\\.0 +0\\.0 +0\\.0 +0\\.0"))
        .anyMatch(l -> l.matches("netstat_Tcp_RetransSegs_total +34 +0\\.0/s"))
        .noneMatch(l -> l.startsWith("lo "));
  }

  private static void writeDev(Path net, String... interfaces) throws IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "Inter-|   Receive |  Transmit",
                " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets"
                    + " errs drop fifo colls carrier compressed"));
    lines.addAll(List.of(interfaces));
    Path tmp = net.resolve("dev.tmp");
    Files.write(tmp, lines);
    Files.move(tmp, net.resolve("dev"), StandardCopyOption.REPLACE_EXISTING);
  }
}
