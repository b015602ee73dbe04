package dev.sentinel.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.core.metrics.Readiness;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.core.tls.ClientTls.TlsFileException;
import dev.sentinel.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener's TLS context, built from PEM files and served by the JDK's HTTPS server. */
class ServerTlsTest {
  private static final List<String> BOTH = List.of("TLSv1.2", "TLSv1.3");

  @TempDir static Path dir;
  static TestPki pki;
  static TestPki other;

  @BeforeAll
  static void pki() throws Exception {
    pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
    other = TestPki.create(Files.createDirectories(dir.resolve("other")), "Another CA");
  }

  private static MetricsServer serve(ServerTls tls) throws IOException {
    return MetricsServer.start(
        "127.0.0.1:0",
        new SelfMetrics("test").registry(),
        Readiness.ALWAYS,
        WebConfig.of(tls, null));
  }

  private static ServerTls tls(boolean clientCertificates, List<String> protocols)
      throws Exception {
    return ServerTls.build(
        pki.server().chain(), pki.server().key(), clientCertificates ? pki.ca() : null, protocols);
  }

  /** A client trusting only the test CA, presenting no certificate. */
  private static SSLContext trusting() throws Exception {
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, new TrustManager[] {ClientTls.trust(pki.ca())}, null);
    return c;
  }

  private static int get(SSLContext context, String url, String... protocols) throws Exception {
    HttpClient.Builder b =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(context);
    if (protocols.length > 0) {
      SSLParameters p = new SSLParameters();
      p.setProtocols(protocols);
      b.sslParameters(p);
    }
    return b.build()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void servesHttpsWithTheCertificateAndRefusesPlainHttp() throws Exception {
    try (MetricsServer server = serve(tls(false, BOTH))) {
      assertThat(get(trusting(), "https://127.0.0.1:" + server.port() + "/metrics")).isEqualTo(200);
      assertThat(get(trusting(), "https://localhost:" + server.port() + "/healthz")).isEqualTo(200);
      assertThatThrownBy(() -> get(trusting(), "http://127.0.0.1:" + server.port() + "/healthz"))
          .isInstanceOf(IOException.class);
      SSLContext wrongCa = SSLContext.getInstance("TLS");
      wrongCa.init(null, new TrustManager[] {ClientTls.trust(other.ca())}, null);
      assertThatThrownBy(() -> get(wrongCa, "https://127.0.0.1:" + server.port() + "/healthz"))
          .as("a client that does not trust the certificate's CA")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void requireAndVerifyClientCertLetsInOnlyClientsOfTheCa() throws Exception {
    try (MetricsServer server = serve(tls(true, BOTH))) {
      String url = "https://127.0.0.1:" + server.port() + "/metrics";
      assertThat(get(pki.context(pki.client()), url)).isEqualTo(200);
      assertThat(get(pki.context(pki.client()), url, "TLSv1.2")).isEqualTo(200);
      assertThatThrownBy(() -> get(trusting(), url))
          .as("no client certificate")
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> get(trusting(), url, "TLSv1.2"))
          .as("no client certificate, TLS 1.2")
          .isInstanceOf(IOException.class);
      TestPki.Identity stranger = other.issue(TestPki.Leaf.client("stranger"));
      assertThatThrownBy(() -> get(other.context(stranger), url))
          .as("a certificate of another CA")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void minVersionTls13RefusesTls12Clients() throws Exception {
    try (MetricsServer server = serve(tls(false, List.of("TLSv1.3")))) {
      String url = "https://127.0.0.1:" + server.port() + "/healthz";
      assertThat(get(trusting(), url, "TLSv1.3")).isEqualTo(200);
      assertThatThrownBy(() -> get(trusting(), url, "TLSv1.2")).isInstanceOf(IOException.class);
    }
    try (MetricsServer server = serve(tls(false, BOTH))) {
      String url = "https://127.0.0.1:" + server.port() + "/healthz";
      assertThat(get(trusting(), url, "TLSv1.2")).as("the default takes TLS 1.2").isEqualTo(200);
    }
  }

  @Test
  void ecAndEd25519CertificatesServeToo() throws Exception {
    for (TestPki.KeyType type : List.of(TestPki.KeyType.EC, TestPki.KeyType.ED25519)) {
      TestPki.Identity id = pki.issue(TestPki.Leaf.server("localhost").withKey(type));
      try (MetricsServer server = serve(ServerTls.build(id.chain(), id.key(), null, BOTH))) {
        assertThat(get(trusting(), "https://127.0.0.1:" + server.port() + "/healthz"))
            .as(type.name())
            .isEqualTo(200);
      }
    }
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() {
    assertThatThrownBy(() -> ServerTls.build(pki.server().chain(), pki.client().key(), null, BOTH))
        .isInstanceOf(TlsFileException.class)
        .hasMessage(
            pki.client().key() + " does not belong to the certificate in " + pki.server().chain())
        .extracting(e -> ((TlsFileException) e).key())
        .isEqualTo("key_file");
  }
}
