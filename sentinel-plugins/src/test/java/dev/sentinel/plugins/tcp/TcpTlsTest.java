package dev.sentinel.plugins.tcp;

import static dev.sentinel.plugins.tcp.Probes.context;
import static dev.sentinel.plugins.tcp.Probes.create;
import static dev.sentinel.plugins.tcp.Probes.reason;
import static dev.sentinel.plugins.tcp.Probes.sample;
import static dev.sentinel.plugins.tcp.Probes.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against loopback SSLServerSockets with certificates made by the openssl CLI ({@link
 * TestPki}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpTlsTest {
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(10);
  private static final List<Map<String, String>> GREETING = List.of(Map.of("expect", "^220 "));

  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void makeCertificates() throws Exception {
    pki = TestPki.create(dir);
  }

  /** A TLS server that completes the handshake, then behaves like {@link TestServer#greeter}. */
  private static TestServer tlsGreeter(boolean needClientAuth) throws Exception {
    return new TestServer(
        pki.serverSocket(pki.server(), needClientAuth),
        s -> {
          ((SSLSocket) s).startHandshake();
          TestServer.greeter(s);
        });
  }

  private static Map<String, Object> options(int port, Object... more) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", "127.0.0.1");
    m.put("port", port);
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  @Test
  void verifiedWithCaFile() throws Exception {
    try (TestServer server = tlsGreeter(false)) {
      List<String> lines = new ArrayList<>();
      ProbeResult r =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of("ca_file", pki.ca().toString()),
                      "query_response",
                      List.of(
                          Map.of("expect", "^220 "),
                          Map.of("send", "PING\r\n"),
                          Map.of("expect", "^PONG"))))
              .run(context(lines, TASK_TIMEOUT));

      assertThat(r.success()).as(r.error()).isTrue();
      assertThat(r.samples())
          .extracting(Sample::name)
          .containsExactly(
              "tcp_success",
              "tcp_connect_duration_ms",
              "tcp_tls_handshake_duration_ms",
              "tcp_ssl_earliest_cert_expiry_seconds",
              "tcp_ssl_cert_days_left",
              "tcp_total_duration_ms");
      X509Certificate leaf = pki.server().x509();
      assertThat(value(r, "tcp_ssl_earliest_cert_expiry_seconds"))
          .isEqualTo(leaf.getNotAfter().toInstant().getEpochSecond());
      assertThat(value(r, "tcp_ssl_cert_days_left"))
          .isBetween(TestPki.DEFAULT_DAYS - 0.1, TestPki.DEFAULT_DAYS + 0.01);
      assertThat(value(r, "tcp_tls_handshake_duration_ms"))
          .isPositive()
          .isLessThan(value(r, "tcp_total_duration_ms"));
      assertThat(lines.get(1))
          .matches(
              "TLS 1\\.3 handshake \\d+(\\.\\d+)? ms, certificate CN=localhost expires"
                  + " \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(9 days\\)");
      System.out.println(
          "progress lines for a TLS greeting server:\n  " + String.join("\n  ", lines));
    }
  }

  @Test
  void serverNameIsVerifiedAgainstTheCertificate() throws Exception {
    try (TestServer server = tlsGreeter(false)) {
      ProbeResult ok =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of("ca_file", pki.ca().toString(), "server_name", "localhost"),
                      "query_response",
                      GREETING))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(ok.success()).as(ok.error()).isTrue();

      ProbeResult wrong =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of("ca_file", pki.ca().toString(), "server_name", "mail.example.org"),
                      "query_response",
                      GREETING))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(reason(wrong)).isEqualTo("tls");
      assertThat(wrong.error())
          .startsWith("TLS handshake with 127.0.0.1:" + server.port() + " failed: ")
          .contains("mail.example.org");
    }
  }

  @Test
  void untrustedWithoutCaFile() throws Exception {
    try (TestServer server = tlsGreeter(false)) {
      List<String> lines = new ArrayList<>();
      ProbeResult r =
          create(options(server.port(), "tls", true, "query_response", GREETING))
              .run(context(lines, TASK_TIMEOUT));
      assertThat(r.success()).isFalse();
      assertThat(reason(r)).isEqualTo("tls");
      assertThat(r.error())
          .startsWith("TLS handshake with 127.0.0.1:" + server.port() + " failed: ")
          .contains("certification path");
      assertThat(sample(r, "tcp_connect_duration_ms")).isPresent();
      assertThat(sample(r, "tcp_tls_handshake_duration_ms")).isEmpty();
      assertThat(sample(r, "tcp_ssl_earliest_cert_expiry_seconds")).isEmpty();
      assertThat(sample(r, "tcp_failed_step")).isEmpty();
    }
  }

  @Test
  void insecureSkipVerifyAcceptsTheCertificateAndStillReportsExpiry() throws Exception {
    try (TestServer server = tlsGreeter(false)) {
      ProbeResult r =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of("insecure_skip_verify", true, "server_name", "not-the-cert-name.lan"),
                      "query_response",
                      GREETING))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(r.success()).as(r.error()).isTrue();
      assertThat(value(r, "tcp_ssl_earliest_cert_expiry_seconds"))
          .isEqualTo(pki.server().x509().getNotAfter().toInstant().getEpochSecond());
      assertThat(value(r, "tcp_ssl_cert_days_left")).isBetween(9.9, 10.01);
    }
  }

  @Test
  void clientCertificateFromPemFiles() throws Exception {
    try (TestServer server = tlsGreeter(true)) {
      ProbeResult without =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of("ca_file", pki.ca().toString()),
                      "query_response",
                      GREETING))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(without.success()).isFalse();

      ProbeResult with =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of(
                          "ca_file",
                          pki.ca().toString(),
                          "cert_file",
                          pki.client().certificate().toString(),
                          "key_file",
                          pki.client().key().toString()),
                      "query_response",
                      GREETING))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(with.success()).as(with.error()).isTrue();
    }
  }

  @Test
  void unreadableOrUnsupportedFilesFailTheRunWithReasonTls() throws Exception {
    try (TestServer server = tlsGreeter(false)) {
      ProbeResult missing =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of("ca_file", dir.resolve("nope.pem").toString())))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(reason(missing)).isEqualTo("tls");
      assertThat(missing.error())
          .startsWith("tls_config.ca_file: cannot read " + dir.resolve("nope.pem"));

      ProbeResult pkcs1 =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of(
                          "cert_file",
                          pki.client().certificate().toString(),
                          "key_file",
                          pki.legacyKey(pki.server()).toString())))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(reason(pkcs1)).isEqualTo("tls");
      assertThat(pkcs1.error()).contains("RSA PRIVATE KEY").contains("openssl pkcs8 -topk8");
    }
  }

  @Test
  void tlsOnAgainstAPlainServer() throws Exception {
    try (TestServer server = TestServer.start(TestServer::greeter)) {
      ProbeResult r =
          create(
                  options(
                      server.port(),
                      "tls",
                      true,
                      "tls_config",
                      Map.of("insecure_skip_verify", true),
                      "query_response",
                      GREETING))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(r.success()).isFalse();
      assertThat(reason(r)).isEqualTo("tls");
      assertThat(sample(r, "tcp_failed_step")).isEmpty();
    }
  }

  @Test
  void tlsOffAgainstATlsServer() throws Exception {
    try (TestServer server = tlsGreeter(false)) {
      ProbeResult r =
          create(
                  options(
                      server.port(),
                      "timeout",
                      "2s",
                      "query_response",
                      List.of(Map.of("send", "HELLO\r\n"), Map.of("expect", "^220 "))))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(r.success()).isFalse();
      // The server answers the non-TLS bytes with a TLS alert (not a matching line) and closes.
      assertThat(reason(r)).as(r.error()).isEqualTo("expect");
      assertThat(value(r, "tcp_failed_step")).isEqualTo(1);
      assertThat(sample(r, "tcp_tls_handshake_duration_ms")).isEmpty();
    }
  }

  @Test
  void handshakeWithASilentServerTimesOut() throws Exception {
    try (TestServer server = TestServer.start(TestServer::silent)) {
      long t0 = System.nanoTime();
      ProbeResult r =
          create(options(server.port(), "tls", true, "timeout", "300ms"))
              .run(context(new ArrayList<>(), TASK_TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(300 + 700));
      assertThat(reason(r)).isEqualTo("timeout");
      assertThat(r.error())
          .isEqualTo("TLS handshake with 127.0.0.1:" + server.port() + " not done within 300ms");
    }
  }

  @Test
  void interruptDuringTheHandshakeStopsTheRun() throws Exception {
    try (TestServer server = TestServer.start(TestServer::silent)) {
      TcpProbe probe = create(options(server.port(), "tls", true, "timeout", "20s"));
      AtomicReference<Object> outcome = new AtomicReference<>();
      Thread runner =
          new Thread(
              () -> {
                try {
                  outcome.set(probe.run(context(new ArrayList<>(), Duration.ofSeconds(30))));
                } catch (Throwable t) {
                  outcome.set(t);
                }
              });
      runner.start();
      Thread.sleep(300);
      long t0 = System.nanoTime();
      runner.interrupt();
      runner.join(5_000);
      assertThat(runner.isAlive()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }
  }
}
