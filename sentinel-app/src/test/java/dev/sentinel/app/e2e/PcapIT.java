package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.app.e2e.SentinelProcess.Launch;
import dev.sentinel.testing.Json;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pcap plugin through the launcher: {@code trigger pcap} on lo (as root), and what users see
 * without CAP_NET_RAW or without libpcap, for {@code trigger} and for the daemon. Traffic only to
 * 127.0.0.1.
 */
class PcapIT {
  static final String NOT_PERMITTED =
      "pcap: cannot capture on lo: Operation not permitted — run Sentinel as root or with"
          + " CAP_NET_RAW (systemd: AmbientCapabilities=CAP_NET_RAW, see docs/operations.md)";

  @Test
  void triggerPrintsTheTableOfWhatItCaptured(@TempDir Path dir) throws Exception {
    try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DatagramSocket sender = new DatagramSocket()) {
      int port = receiver.getLocalPort();
      try (SentinelProcess p =
          SentinelProcess.start(
              dir,
              "trigger",
              "pcap",
              "-i",
              "lo",
              "-d",
              "2",
              "-f",
              "udp and port " + port,
              "--top",
              "3")) {
        await().atMost(Duration.ofSeconds(30)).until(() -> p.output().contains("PCAP lo:"));
        byte[] payload = new byte[58];
        for (int i = 0; i < 25; i++) {
          sender.send(
              new DatagramPacket(
                  payload, payload.length, new InetSocketAddress("127.0.0.1", port)));
        }
        assertThat(p.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.process().exitValue()).as(p.output()).isZero();
        List<String> lines = p.output().lines().toList();
        assertThat(lines.get(0))
            .isEqualTo(
                "PCAP lo: filter \"udp and port " + port + "\", snaplen 128, capturing for 2s");
        assertThat(lines.get(1)).matches("protocol +direction +packets +bytes +pkt/s +bytes/s");
        assertThat(lines.get(2)).matches("udp +local +25 +2500 +1[0-9]\\.[0-9] +1[0-9]{3}\\.[0-9]");
        assertThat(lines.get(3)).matches("total +25 +2500 .*");
        assertThat(lines)
            .contains(
                "top talkers: none (no traffic in or out; everything on a loopback interface is"
                    + " local)")
            .anySatisfy(
                l ->
                    assertThat(l)
                        .matches(
                            "captured 25 packets in 2\\.0[0-9] s; dropped by the kernel 0, by the"
                                + " interface 0"))
            .anySatisfy(
                l -> assertThat(l).matches("\\d+ samples \\(not sent\\); --json prints them"));
      }
    }
  }

  @Test
  void triggerWithoutCapNetRawExitsOneWithTheDocumentedLine(@TempDir Path dir) throws Exception {
    SentinelProcess.Result r =
        SentinelProcess.run(
            dir, Launch.WITHOUT_CAP_NET_RAW, "trigger", "pcap", "-i", "lo", "-d", "1s");
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.output().lines()).containsExactly("sentinel: " + NOT_PERMITTED);
  }

  /**
   * The documented set-up: an unprivileged user holding only CAP_NET_RAW as an ambient capability
   * (what systemd's AmbientCapabilities gives). Runs the launcher's java command from a copy of the
   * libraries any user can read.
   */
  @Test
  void anUnprivilegedUserWithAmbientCapNetRawCaptures(@TempDir Path dir) throws Exception {
    Path lib = SentinelProcess.librariesForAnyUser(dir);
    Process p =
        new ProcessBuilder(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=+net_raw",
                "--ambient-caps=+net_raw",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                lib + "/*",
                "dev.sentinel.app.cli.Main",
                "trigger",
                "pcap",
                "-i",
                "lo",
                "-d",
                "500ms",
                "--json")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    assertThat(output.lines())
        .anySatisfy(
            l -> assertThat(l).startsWith("{\"name\":\"device_status\"").contains("\"value\":1,"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("{\"name\":\"pcap_captured_packets_total\"")
                    .contains("\"interface\":\"lo\""));
  }

  @Test
  void triggerWithoutLibpcapNamesThePackage(@TempDir Path dir) throws Exception {
    // What JNA meets when libpcap0.8 is not installed: the library cannot be loaded.
    Launch noLibpcap =
        new Launch(
            List.of(),
            Map.of("JAVA_OPTS", "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so.0.8"));
    SentinelProcess.Result r =
        SentinelProcess.run(dir, noLibpcap, "trigger", "pcap", "-i", "lo", "-d", "1s", "-f", "udp");
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.output().lines())
        .containsExactly("sentinel: pcap: libpcap is not installed — apt install libpcap0.8");
  }

  @Test
  void daemonWithoutCapNetRawLogsOnceAndKeepsItsOtherTasksRunning(@TempDir Path dir)
      throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Path samples = dir.resolve("samples.jsonl");
      Path log = dir.resolve("sentinel.log");
      Path config =
          daemonConfig(
              dir,
              """
                - {id: capture, plugin: pcap, interval: 1s, config: {interface: lo, bpf_filter: "udp port 9"}}
                - {id: connect, plugin: tcp, interval: 1s, config: {host: 127.0.0.1, port: %d}}
              """
                  .formatted(server.getLocalPort()));
      try (SentinelProcess daemon =
          SentinelProcess.start(
              dir, Launch.WITHOUT_CAP_NET_RAW, "start", "-c", config.toString())) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    statuses(samples, "connect").size() >= 3
                        && statuses(samples, "capture").size() >= 3);
        assertThat(daemon.terminate()).as(daemon.output()).isZero();
      }
      assertThat(statuses(samples, "connect")).containsOnly(1.0);
      assertThat(statuses(samples, "capture")).containsOnly(0.0);
      List<Map<String, Object>> cannotStart =
          lines(log)
              .filter(l -> String.valueOf(l.get("msg")).startsWith("Task cannot start"))
              .toList();
      assertThat(cannotStart)
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.get("msg")).isEqualTo("Task cannot start: " + NOT_PERMITTED);
                assertThat(l)
                    .containsEntry("task_id", "capture")
                    .containsEntry("plugin", "pcap")
                    .containsEntry("level", "ERROR");
              });
      assertThat(lines(log))
          .noneSatisfy(l -> assertThat(String.valueOf(l.get("logger"))).startsWith("org.pcap4j"));
      assertThat(Files.readString(log)).doesNotContain("\\tat ");
    }
  }

  @Test
  void daemonCapturesContinuouslyAndStopsCleanly(@TempDir Path dir) throws Exception {
    try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DatagramSocket sender = new DatagramSocket()) {
      int port = receiver.getLocalPort();
      Path samples = dir.resolve("samples.jsonl");
      Path log = dir.resolve("sentinel.log");
      Path config =
          daemonConfig(
              dir,
              """
                - {id: capture, plugin: pcap, interval: 1s, config: {interface: lo, bpf_filter: "udp port %d"}}
              """
                  .formatted(port));
      try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> statuses(samples, "capture").size() >= 1);
        byte[] payload = new byte[8];
        for (int i = 0; i < 40; i++) {
          sender.send(
              new DatagramPacket(
                  payload, payload.length, new InetSocketAddress("127.0.0.1", port)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> udpPackets(samples).contains(40.0));
        assertThat(daemon.terminate()).as(daemon.output()).isZero();
      }
      assertThat(statuses(samples, "capture")).containsOnly(1.0);
      assertThat(udpPackets(samples)).isSorted().last().isEqualTo(40.0);
      assertThat(lines(log))
          .noneSatisfy(
              l -> assertThat(String.valueOf(l.get("msg"))).startsWith("Task cannot start"))
          .noneSatisfy(l -> assertThat(String.valueOf(l.get("logger"))).startsWith("org.pcap4j"))
          .anySatisfy(l -> assertThat(l.get("msg")).isEqualTo("Stopped"));
    }
  }

  /**
   * A daemon config with {@code tasks} (YAML list items) that writes its samples to
   * dir/samples.jsonl and its JSON log to dir/sentinel.log.
   */
  static Path daemonConfig(Path dir, String tasks) throws Exception {
    return Files.writeString(
        dir.resolve("config.yaml"),
        """
        sender:
          flush_interval: 1s
          direct:
            file: {enabled: true, path: %s}
        tasks:
        %s
        logging: {format: json, output: file, file_path: %s}
        self_metrics: {listen: ""}
        """
            .formatted(
                dir.resolve("samples.jsonl"), tasks.stripTrailing(), dir.resolve("sentinel.log")));
  }

  /**
   * The values of {@code pcap_packets_total{protocol="udp"}} in the file destination's output, in
   * the order sent.
   */
  static List<Double> udpPackets(Path samples) throws Exception {
    return values(samples, Map.of("__name__", "pcap_packets_total", "protocol", "udp"));
  }

  /** The {@code device_status} values of a task in the file destination's output. */
  static List<Double> statuses(Path samples, String task) throws Exception {
    return values(samples, Map.of("__name__", "device_status", "task_id", task));
  }

  /** The values of the series whose labels include {@code labels}. */
  static List<Double> values(Path samples, Map<String, String> labels) throws Exception {
    if (!Files.exists(samples)) {
      return List.of();
    }
    return lines(samples)
        .filter(l -> Json.strings(l.get("metric")).entrySet().containsAll(labels.entrySet()))
        .flatMap(l -> Json.array(l.get("values")).stream())
        .map(v -> ((Number) v).doubleValue())
        .toList();
  }

  static Stream<Map<String, Object>> lines(Path file) throws Exception {
    return Files.readAllLines(file).stream()
        .filter(l -> !l.isBlank())
        .map(l -> Json.object(Json.parse(l)));
  }
}
