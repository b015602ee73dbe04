package dev.sentinel.plugins.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeStartException;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.plugins.ping.icmp.Caps;
import dev.sentinel.plugins.ping.icmp.NetNs;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Real captures through libpcap. Runs as root (the test suite does), on {@code lo} and on a veth
 * pair inside a network namespace made here; traffic goes only to 127.0.0.1, ::1 and into that
 * namespace. Each capture filters on a port of its own, so other tests' traffic never counts.
 */
class PcapCaptureTest {
  static final String NOT_PERMITTED =
      "pcap: cannot capture on lo: Operation not permitted — run Sentinel as root or with"
          + " CAP_NET_RAW (systemd: AmbientCapabilities=CAP_NET_RAW, see docs/operations.md)";
  static final int ETH_IP4_UDP = 14 + 20 + 8;
  static final int ETH_IP6_UDP = 14 + 40 + 8;

  private static final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  static PcapProbe probe(Object... options) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < options.length; i += 2) {
      m.put((String) options[i], options[i + 1]);
    }
    Problems problems = new Problems("test.yaml");
    Section section = Section.of("tasks[0].config", m, problems);
    PcapProbe probe =
        (PcapProbe)
            new PcapPlugin()
                .configure(section, new TaskInfo("t", "d", Duration.ofSeconds(30)))
                .open();
    section.finish();
    assertThat(problems.errors()).isEmpty();
    return probe;
  }

  static ProbeContext context(ProbeContext.Listener listener) {
    return new ProbeContext(
        Labels.of("device_id", "d", "task_id", "t", "plugin", "pcap"),
        Duration.ofSeconds(30),
        Clock.systemUTC(),
        listener);
  }

  /**
   * Sample values by {@code name{protocol,direction}} (or {@code name{remote,direction}}, or {@code
   * name}).
   */
  static Map<String, Double> values(ProbeResult r) {
    Map<String, Double> out = new HashMap<>();
    for (Sample s : r.samples()) {
      assertThat(s.labels().get("interface")).isNotNull();
      String key = s.name();
      if (s.labels().get("protocol") != null) {
        key += "{" + s.labels().get("protocol") + "," + s.labels().get("direction") + "}";
      } else if (s.labels().get("remote") != null) {
        key += "{" + s.labels().get("remote") + "," + s.labels().get("direction") + "}";
      }
      assertThat(out.put(key, s.value())).as("duplicate %s", key).isNull();
    }
    return out;
  }

  static void sendUdp(DatagramSocket sender, InetSocketAddress to, int count, int payload)
      throws Exception {
    byte[] data = new byte[payload];
    for (int i = 0; i < count; i++) {
      sender.send(new DatagramPacket(data, data.length, to));
    }
  }

  @Test
  void windowCountsExactlyTheDatagramsSentToItsPortOverIpv4AndIpv6() throws Exception {
    try (DatagramSocket v4 = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DatagramSocket v6 = new DatagramSocket(new InetSocketAddress("::1", v4.getLocalPort()));
        DatagramSocket sender = new DatagramSocket()) {
      int port = v4.getLocalPort();
      PcapProbe probe =
          probe("interface", "lo", "bpf_filter", "udp and port " + port, "window", "1s");
      CountDownLatch open = new CountDownLatch(1);
      List<String> lines = new CopyOnWriteArrayList<>();
      ProbeContext ctx =
          context(
              line -> {
                lines.add(line);
                open.countDown(); // the header comes once the capture is open
              });
      Future<ProbeResult> run = pool.submit(() -> probe.run(ctx));
      assertThat(open.await(10, TimeUnit.SECONDS)).isTrue();
      sendUdp(sender, new InetSocketAddress("127.0.0.1", port), 50, 100);
      sendUdp(sender, new InetSocketAddress("::1", port), 20, 100);
      ProbeResult r = run.get(10, TimeUnit.SECONDS);

      assertThat(r.success()).as(r.error()).isTrue();
      Map<String, Double> v = values(r);
      assertThat(v)
          .containsEntry("pcap_packets_total{udp,local}", 70.0)
          .containsEntry(
              "pcap_bytes_total{udp,local}",
              50.0 * (ETH_IP4_UDP + 100) + 20.0 * (ETH_IP6_UDP + 100))
          .containsEntry("pcap_captured_packets_total", 70.0)
          .containsEntry("pcap_kernel_dropped_total", 0.0)
          .containsEntry("pcap_interface_dropped_total", 0.0);
      assertThat(v.get("pcap_packets_per_second{udp,local}")).isBetween(70 / 1.5, 70.0);
      assertThat(v)
          .as("lo carries only local traffic: 5 protocols x packets, bytes, 2 rates + 3 health")
          .hasSize(5 * 4 + 3)
          .containsEntry("pcap_packets_total{tcp,local}", 0.0)
          .containsEntry("pcap_packets_total{other,local}", 0.0);
      assertThat(lines.get(0))
          .isEqualTo(
              "PCAP lo: filter \"udp and port " + port + "\", snaplen 128, capturing for 1s");
      assertThat(lines)
          .anySatisfy(l -> assertThat(l).matches("udp +local +70 +10340 +[0-9.]+ +[0-9.]+"))
          .anySatisfy(l -> assertThat(l).startsWith("captured 70 packets in 1.0"));
    }
  }

  @Test
  void continuousCaptureCountsBetweenRunsAndItsCountersOnlyGrow() throws Exception {
    try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        ServerSocket server =
            new ServerSocket(receiver.getLocalPort(), 1, InetAddress.getByName("127.0.0.1"));
        DatagramSocket sender = new DatagramSocket()) {
      int port = receiver.getLocalPort();
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
      PcapProbe probe = probe("interface", "lo", "bpf_filter", "port " + port);
      probe.start();
      try {
        ProbeContext ctx = context(ProbeContext.Listener.NONE);
        sendUdp(sender, to, 20, 10);
        AtomicReference<Map<String, Double>> first = new AtomicReference<>();
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () -> {
                  first.set(values(probe.run(ctx)));
                  return first.get().get("pcap_packets_total{udp,local}") >= 20;
                });
        assertThat(first.get())
            .containsEntry("pcap_packets_total{udp,local}", 20.0)
            .containsEntry("pcap_bytes_total{udp,local}", 20.0 * (ETH_IP4_UDP + 10));

        sendUdp(sender, to, 30, 10);
        long payload = echoOverTcp(server, 10, 1000);
        AtomicReference<Map<String, Double>> later = new AtomicReference<>();
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () -> {
                  later.set(values(probe.run(ctx)));
                  return later.get().get("pcap_packets_total{udp,local}") >= 50
                      && later.get().get("pcap_packets_total{tcp,local}") >= 20;
                });
        Map<String, Double> v = later.get();
        assertThat(v)
            .containsEntry("pcap_packets_total{udp,local}", 50.0)
            .containsEntry("pcap_bytes_total{udp,local}", 50.0 * (ETH_IP4_UDP + 10));
        double tcpPackets = v.get("pcap_packets_total{tcp,local}");
        double tcpBytes = v.get("pcap_bytes_total{tcp,local}");
        assertThat(tcpBytes)
            .as("both directions' payload plus at least Ethernet+IPv4+TCP headers per frame")
            .isBetween(payload + tcpPackets * 54, payload + tcpPackets * 134);
        assertThat(v.get("pcap_captured_packets_total")).isEqualTo(50 + tcpPackets);
        for (String key : first.get().keySet()) {
          if (key.endsWith("_total") || key.contains("_total{")) {
            assertThat(v.get(key)).as(key).isGreaterThanOrEqualTo(first.get().get(key));
          }
        }
        assertThat(v.get("pcap_packets_per_second{tcp,local}")).isNotNull().isNotNegative();
      } finally {
        probe.close();
      }
    }
  }

  /**
   * A client writes {@code writes} blocks to the server, which echoes each back; returns the
   * payload bytes both ways.
   */
  static long echoOverTcp(ServerSocket server, int writes, int size) throws Exception {
    Future<?> echo =
        pool.submit(
            () -> {
              try (Socket s = server.accept();
                  InputStream in = s.getInputStream();
                  OutputStream out = s.getOutputStream()) {
                in.transferTo(out);
              }
              return null;
            });
    try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
      client.setTcpNoDelay(true);
      byte[] block = new byte[size];
      for (int i = 0; i < writes; i++) {
        client.getOutputStream().write(block);
        client.getInputStream().readNBytes(size);
      }
      client.shutdownOutput();
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    }
    echo.get(5, TimeUnit.SECONDS);
    return 2L * writes * size;
  }

  @Test
  void withoutCapNetRawStartAndRunsFailWithTheDocumentedLine() throws Exception {
    AtomicReference<Object> started = new AtomicReference<>();
    AtomicReference<ProbeResult> ran = new AtomicReference<>();
    PcapProbe continuous = probe("interface", "lo");
    PcapProbe window = probe("interface", "lo", "window", "1s");
    Thread t =
        new Thread(
            () -> {
              Caps.dropNetRaw();
              try {
                continuous.start();
                started.set("started");
              } catch (ProbeStartException e) {
                started.set(e);
              }
              try {
                ran.set(window.run(context(ProbeContext.Listener.NONE)));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    t.start();
    t.join();
    continuous.close();
    assertThat(started.get())
        .isInstanceOf(ProbeStartException.class)
        .extracting(e -> ((Exception) e).getMessage())
        .isEqualTo(NOT_PERMITTED);
    assertThat(ran.get().success()).isFalse();
    assertThat(ran.get().error()).isEqualTo(NOT_PERMITTED);
    assertThat(values(ran.get()))
        .as("counters stay continuous")
        .containsEntry("pcap_packets_total{udp,local}", 0.0)
        .doesNotContainKey("pcap_packets_per_second{udp,local}");
  }

  @Test
  void anInterfaceThatAppearsLaterIsCapturedWithoutARestartAndOneThatGoesAwayIsReported()
      throws Exception {
    String missing =
        "pcap: cannot capture on sentinel-pc0: no such interface — list them with: ip -br link"
            + " (or capture on any)";
    try (NetNs ns = NetNs.create()) {
      PcapProbe probe = probe("interface", "sentinel-pc0");
      ProbeContext ctx = context(ProbeContext.Listener.NONE);
      try {
        assertThatThrownBy(
                () ->
                    ns.inside(
                        () -> {
                          probe.start();
                          return null;
                        }))
            .isInstanceOf(ProbeStartException.class)
            .hasMessage(missing);
        ProbeResult before = ns.inside(() -> probe.run(ctx));
        assertThat(before.success()).isFalse();
        assertThat(before.error()).isEqualTo(missing);
        assertThat(values(before))
            .containsEntry("pcap_packets_total{tcp,in}", 0.0)
            .containsEntry("pcap_bytes_total{other,out}", 0.0)
            .hasSize(5 * 2 * 2 + 3);

        ns.exec(
            "ip", "link", "add", "sentinel-pc0", "type", "veth", "peer", "name", "sentinel-pc1");
        assertThat(ns.inside(() -> probe.run(ctx)).error())
            .isEqualTo(
                "pcap: cannot capture on sentinel-pc0: the interface is down — bring it up: ip link"
                    + " set sentinel-pc0 up");
        ns.exec("ip", "link", "set", "sentinel-pc0", "up");
        ns.exec("ip", "link", "set", "sentinel-pc1", "up");
        ProbeResult up = ns.inside(() -> probe.run(ctx));
        assertThat(up.success()).as(up.error()).isTrue();

        ns.exec("ip", "link", "del", "sentinel-pc0");
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> missing.equals(ns.inside(() -> probe.run(ctx)).error()));
      } finally {
        probe.close();
      }
    }
  }
}
