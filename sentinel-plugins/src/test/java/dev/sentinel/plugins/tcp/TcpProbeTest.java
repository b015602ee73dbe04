package dev.sentinel.plugins.tcp;

import static dev.sentinel.plugins.tcp.Probes.context;
import static dev.sentinel.plugins.tcp.Probes.create;
import static dev.sentinel.plugins.tcp.Probes.reason;
import static dev.sentinel.plugins.tcp.Probes.sample;
import static dev.sentinel.plugins.tcp.Probes.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Plain TCP against loopback servers started here. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpProbeTest {
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(10);

  private static Map<String, Object> options(int port, Object... more) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", "127.0.0.1");
    m.put("port", port);
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  private static final List<Map<String, String>> DIALOGUE =
      List.of(
          Map.of("expect", "^220 "),
          Map.of("send", "PING\r\n"),
          Map.of("expect", "^PONG$"),
          Map.of("send", "QUIT\r\n"),
          Map.of("expect", "^221"));

  @Test
  void greetingAndQuerySucceed() throws Exception {
    try (TestServer server = TestServer.start(TestServer::greeter)) {
      List<String> lines = new ArrayList<>();
      ProbeResult r =
          create(options(server.port(), "query_response", DIALOGUE))
              .run(context(lines, TASK_TIMEOUT));

      assertThat(r.success()).as(r.error()).isTrue();
      assertThat(r.error()).isEmpty();
      assertThat(r.samples())
          .extracting(Sample::name)
          .containsExactly("tcp_success", "tcp_connect_duration_ms", "tcp_total_duration_ms");
      assertThat(value(r, "tcp_success")).isEqualTo(1);
      assertThat(value(r, "tcp_connect_duration_ms"))
          .isPositive()
          .isLessThanOrEqualTo(value(r, "tcp_total_duration_ms"));
      for (Sample s : r.samples()) {
        assertThat(s.labels().asMap())
            .containsEntry("host", "127.0.0.1")
            .containsEntry("port", Integer.toString(server.port()))
            .containsEntry("device_id", "dev-1")
            .containsEntry("task", "t1");
        assertThat(s.kind()).isEqualTo(Sample.Kind.GAUGE);
      }
      String ms = "\\d+(\\.\\d+)? ms";
      assertThat(lines).hasSize(7);
      assertThat(lines.get(0))
          .matches("Connected to 127\\.0\\.0\\.1:" + server.port() + " in " + ms);
      assertThat(lines.subList(1, 6))
          .containsExactly(
              "< matched /^220 /: \"220 ready\"",
              "> PING\\r\\n",
              "< matched /^PONG$/: \"PONG\"",
              "> QUIT\\r\\n",
              "< matched /^221/: \"221 bye\"");
      assertThat(lines.get(6)).matches("Success in " + ms);
      System.out.println("progress lines for a greeting server:\n  " + String.join("\n  ", lines));
    }
  }

  @Test
  void connectOnlyWithoutSteps() throws Exception {
    try (TestServer server = TestServer.start(TestServer::silent)) {
      ProbeResult r = create(options(server.port())).run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(r.success()).isTrue();
      assertThat(value(r, "tcp_connect_duration_ms")).isPositive();
    }
  }

  @Test
  void wrongExpectFailsAtItsStep() throws Exception {
    try (TestServer server = TestServer.start(TestServer::greeter)) {
      List<String> lines = new ArrayList<>();
      List<Map<String, String>> steps =
          List.of(Map.of("expect", "^220"), Map.of("send", "PING\r\n"), Map.of("expect", "^NOPE"));
      long t0 = System.nanoTime();
      ProbeResult r =
          create(options(server.port(), "query_response", steps, "timeout", "500ms"))
              .run(context(lines, TASK_TIMEOUT));

      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isLessThan(Duration.ofMillis(500 + 1500));
      assertThat(r.success()).isFalse();
      assertThat(reason(r)).isEqualTo("expect");
      assertThat(value(r, "tcp_failed_step")).isEqualTo(2);
      assertThat(value(r, "tcp_success")).isZero();
      assertThat(sample(r, "tcp_failure_info").orElseThrow().value()).isEqualTo(1);
      assertThat(r.error())
          .isEqualTo(
              "query_response[2]: expected /^NOPE/, got \"PONG\" (nothing else within 500ms)");
      assertThat(lines).contains("< expected /^NOPE/, got \"PONG\"");
      assertThat(lines.get(lines.size() - 1))
          .startsWith("Failure (expect) after ")
          .endsWith(r.error());
    }
  }

  @Test
  void wrongExpectThenCloseIsAnExpectFailure() throws Exception {
    try (TestServer server = TestServer.start(TestServer::greeter)) {
      List<Map<String, String>> steps =
          List.of(Map.of("send", "QUIT\r\n"), Map.of("expect", "^250"));
      ProbeResult r =
          create(options(server.port(), "query_response", steps))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(reason(r)).isEqualTo("expect");
      assertThat(value(r, "tcp_failed_step")).isEqualTo(1);
      assertThat(r.error())
          .isEqualTo(
              "query_response[1]: expected /^250/, got \"221 bye\" and then the connection closed");
    }
  }

  @Test
  void skipsLinesUntilOneMatches() throws Exception {
    try (TestServer server =
        TestServer.start(
            s -> {
              s.getOutputStream()
                  .write(
                      "220-first\r\n220-second\r\n220 last\r\n".getBytes(StandardCharsets.UTF_8));
              TestServer.silent(s);
            })) {
      List<String> lines = new ArrayList<>();
      ProbeResult r =
          create(options(server.port(), "query_response", List.of(Map.of("expect", "^220 "))))
              .run(context(lines, TASK_TIMEOUT));
      assertThat(r.success()).isTrue();
      assertThat(lines).contains("< matched /^220 /: \"220 last\" (after 2 other lines)");
    }
  }

  @Test
  void serverThatClosesAtOnce() throws Exception {
    try (TestServer server = TestServer.start(s -> s.close())) {
      List<String> lines = new ArrayList<>();
      ProbeResult r =
          create(options(server.port(), "query_response", List.of(Map.of("expect", "^220"))))
              .run(context(lines, TASK_TIMEOUT));
      assertThat(r.success()).isFalse();
      assertThat(reason(r)).isEqualTo("closed");
      assertThat(value(r, "tcp_failed_step")).isZero();
      assertThat(sample(r, "tcp_connect_duration_ms")).isPresent();
      assertThat(r.error()).isEqualTo("query_response[0]: connection closed before /^220/ matched");
      assertThat(lines).contains("< expected /^220/, connection closed");
    }
  }

  @Test
  void closedPortIsRefused() throws Exception {
    int port = TestServer.closedPort();
    List<String> lines = new ArrayList<>();
    ProbeResult r =
        create(options(port, "query_response", List.of(Map.of("expect", "x"))))
            .run(context(lines, TASK_TIMEOUT));
    assertThat(r.success()).isFalse();
    assertThat(reason(r)).isEqualTo("refused");
    assertThat(r.error()).isEqualTo("connection refused by 127.0.0.1:" + port);
    assertThat(r.samples())
        .extracting(Sample::name)
        .containsExactly("tcp_success", "tcp_total_duration_ms", "tcp_failure_info");
    assertThat(r.samples()).allSatisfy(s -> assertThat(s.value()).isFinite());
    assertThat(lines).singleElement().asString().startsWith("Failure (refused) after ");
  }

  @Test
  void silentServerTimesOutWithinTheTimeout() throws Exception {
    try (TestServer server = TestServer.start(TestServer::silent)) {
      List<String> lines = new ArrayList<>();
      long t0 = System.nanoTime();
      ProbeResult r =
          create(
                  options(
                      server.port(),
                      "timeout",
                      "300ms",
                      "query_response",
                      List.of(Map.of("send", "HELLO\r\n"), Map.of("expect", "^220"))))
              .run(context(lines, TASK_TIMEOUT));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(took).isBetween(Duration.ofMillis(290), Duration.ofMillis(300 + 700));
      assertThat(r.success()).isFalse();
      assertThat(reason(r)).isEqualTo("timeout");
      assertThat(value(r, "tcp_failed_step")).isEqualTo(1);
      assertThat(value(r, "tcp_total_duration_ms")).isGreaterThanOrEqualTo(290);
      assertThat(r.error())
          .isEqualTo("query_response[1]: expected /^220/, nothing received within 300ms");
      assertThat(lines).contains("< expected /^220/, nothing received within 300ms");
    }
  }

  @Test
  void theRunBudgetIsTheDefaultAndTheCeiling() throws Exception {
    try (TestServer server = TestServer.start(TestServer::silent)) {
      List<Map<String, String>> steps = List.of(Map.of("expect", "^220"));
      long t0 = System.nanoTime();
      // A task timeout of 200 ms keeps 100 ms to report: the probe gives up after 100 ms.
      ProbeResult r =
          create(options(server.port(), "query_response", steps))
              .run(context(new ArrayList<>(), Duration.ofMillis(200)));
      assertThat(reason(r)).isEqualTo("timeout");
      assertThat(r.error()).endsWith("within 100ms");

      r =
          create(options(server.port(), "query_response", steps, "timeout", "1m"))
              .run(context(new ArrayList<>(), Duration.ofMillis(250)));
      assertThat(r.error()).endsWith("within 150ms");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isLessThan(Duration.ofMillis(450 + 1000));
    }
  }

  @Test
  void partialLineCountsAsReceived() throws Exception {
    try (TestServer server =
        TestServer.start(
            s -> {
              s.getOutputStream().write("220 no newline".getBytes(StandardCharsets.UTF_8));
              TestServer.silent(s);
            })) {
      ProbeResult r =
          create(
                  options(
                      server.port(),
                      "timeout",
                      "300ms",
                      "query_response",
                      List.of(Map.of("expect", "^250"))))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(reason(r)).isEqualTo("expect");
      assertThat(r.error()).contains("got \"220 no newline\"");
    }
  }

  @Test
  void sourceAddressIsBound() throws Exception {
    try (TestServer server = TestServer.start(TestServer::greeter)) {
      ProbeResult r =
          create(
                  options(
                      server.port(),
                      "source",
                      "127.0.0.2",
                      "query_response",
                      List.of(Map.of("expect", "^220"))))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(r.success()).as(r.error()).isTrue();
      assertThat(server.peers).containsExactly(InetAddress.getByName("127.0.0.2"));
    }
  }

  @Test
  void unusableSourceIsAConnectFailure() throws Exception {
    try (TestServer server = TestServer.start(TestServer::greeter)) {
      // TEST-NET-1: not an address of this machine, so bind fails without any traffic.
      ProbeResult r =
          create(options(server.port(), "source", "192.0.2.77"))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(reason(r)).isEqualTo("connect");
      assertThat(r.error()).startsWith("cannot use source 192.0.2.77: ");
    }
  }

  @Test
  void resolutionFailuresAreDns() throws Exception {
    TcpPlugin unknown =
        new TcpPlugin(
            host -> {
              throw new UnknownHostException(host);
            });
    ProbeResult r =
        create(unknown, Map.of("host", "nowhere.invalid", "port", 25))
            .run(context(new ArrayList<>(), TASK_TIMEOUT));
    assertThat(reason(r)).isEqualTo("dns");
    assertThat(r.error()).isEqualTo("unknown host nowhere.invalid");
    assertThat(r.samples())
        .allSatisfy(s -> assertThat(s.labels().get("host")).isEqualTo("nowhere.invalid"));

    TcpPlugin v4only =
        new TcpPlugin(host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
    r =
        create(v4only, Map.of("host", "mail.lan", "port", 25, "ip_family", "ip6"))
            .run(context(new ArrayList<>(), TASK_TIMEOUT));
    assertThat(reason(r)).isEqualTo("dns");
    assertThat(r.error()).isEqualTo("mail.lan has no IPv6 address");

    TcpPlugin slow =
        new TcpPlugin(
            host -> {
              try {
                Thread.sleep(5_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new UnknownHostException(host);
            });
    long t0 = System.nanoTime();
    r =
        create(slow, Map.of("host", "slow.lan", "port", 25, "timeout", "200ms"))
            .run(context(new ArrayList<>(), TASK_TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(reason(r)).isEqualTo("dns");
    assertThat(r.error()).isEqualTo("could not resolve slow.lan within 200ms");
  }

  @Test
  void nameIsResolvedEachRunAndShownWithTheAddress() throws Exception {
    try (TestServer server = TestServer.start(TestServer::silent)) {
      List<String> asked = new ArrayList<>();
      TcpPlugin plugin =
          new TcpPlugin(
              host -> {
                asked.add(host);
                return new InetAddress[] {
                  InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")
                };
              });
      TcpProbe probe = create(plugin, Map.of("host", "db.lan", "port", server.port()));
      List<String> lines = new ArrayList<>();
      assertThat(probe.run(context(lines, TASK_TIMEOUT)).success()).isTrue();
      assertThat(probe.run(context(new ArrayList<>(), TASK_TIMEOUT)).success()).isTrue();
      assertThat(asked).containsExactly("db.lan", "db.lan");
      assertThat(lines.get(0))
          .startsWith("Connected to 127.0.0.1:" + server.port() + " (db.lan) in ");
    }
  }

  @Test
  void ipv6LoopbackWhenAvailable() throws Exception {
    ServerSocket ss = new ServerSocket();
    try {
      ss.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
    } catch (IOException e) {
      Assumptions.abort("no IPv6 loopback: " + e.getMessage());
    }
    try (TestServer server = new TestServer(ss, TestServer::greeter)) {
      List<String> lines = new ArrayList<>();
      ProbeResult r =
          create(
                  Map.of(
                      "host",
                      "::1",
                      "port",
                      server.port(),
                      "query_response",
                      List.of(Map.of("expect", "^220"))))
              .run(context(lines, TASK_TIMEOUT));
      assertThat(r.success()).as(r.error()).isTrue();
      assertThat(lines.get(0)).startsWith("Connected to [::1]:" + server.port() + " in ");
    }
  }
}
