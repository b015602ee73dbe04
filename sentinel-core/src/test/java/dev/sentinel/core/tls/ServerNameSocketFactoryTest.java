package dev.sentinel.core.tls;

import static dev.sentinel.core.tls.LoopbackTlsServer.clientContext;
import static dev.sentinel.core.tls.LoopbackTlsServer.handshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.testing.TestPki;
import dev.sentinel.testing.TestPki.Leaf;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server_name}: sent as SNI instead of the URL's host and, when verifying, checked. The
 * server's certificate is for probe.test (the JDK sends only dotted names as SNI, never
 * "localhost").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerNameSocketFactoryTest {
  @TempDir static Path dir;
  static TestPki pki;
  static LoopbackTlsServer server;
  static LoopbackTlsServer nameOnly;
  static SSLSocketFactory trusting;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(dir);
    server = new LoopbackTlsServer(pki, pki.issue(Leaf.server("probe.test")), false);
    nameOnly =
        new LoopbackTlsServer(
            pki,
            pki.issue(Leaf.server("name.test").withNames(List.of("name.test"), List.of())),
            false);
    trusting = clientContext(null, ClientTls.trust(pki.ca())).getSocketFactory();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    nameOnly.close();
  }

  /** The SNI names one handshake through {@code factory} sent (the handshake must succeed). */
  private static List<String> sniSentThrough(ServerNameSocketFactory factory) throws Exception {
    server.sniNames.clear();
    assertThat(handshake(factory, server.port())).isEqualTo("ok");
    return List.copyOf(server.sniNames);
  }

  @Test
  void theServerNameIsSentAsSniAndTheCertificateMustMatchIt() throws Exception {
    assertThat(sniSentThrough(new ServerNameSocketFactory(trusting, "probe.test", true)))
        .containsExactly("probe.test");
  }

  @Test
  void aNameTheCertificateLacksFailsTheHandshake() {
    assertThatThrownBy(
            () ->
                handshake(new ServerNameSocketFactory(trusting, "wrong.test", true), server.port()))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("wrong.test");
  }

  @Test
  void withoutVerifyingTheNameIsSentButNotChecked() throws Exception {
    assertThat(sniSentThrough(new ServerNameSocketFactory(trusting, "wrong.test", false)))
        .containsExactly("wrong.test");
  }

  @Test
  void theNameIsLowerCased() throws Exception {
    assertThat(sniSentThrough(new ServerNameSocketFactory(trusting, "Probe.TEST", true)))
        .containsExactly("probe.test");
  }

  /**
   * Only layered sockets (OkHttp's way) take the server name; direct ones check the host connected
   * to.
   */
  @Test
  void directSocketsAreCheckedAgainstTheHostTheyConnectTo() throws Exception {
    ServerNameSocketFactory factory = new ServerNameSocketFactory(trusting, "name.test", true);
    try (SSLSocket s = (SSLSocket) factory.createSocket("127.0.0.1", server.port())) {
      s.startHandshake();
      assertThat(LoopbackTlsServer.readLine(s))
          .as("127.0.0.1 is in the certificate")
          .isEqualTo("ok");
    }
    try (SSLSocket s = (SSLSocket) factory.createSocket("127.0.0.1", nameOnly.port())) {
      assertThatThrownBy(s::startHandshake)
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("127.0.0.1");
    }
  }

  @Test
  void cipherSuitesAreTheDelegates() {
    ServerNameSocketFactory factory = new ServerNameSocketFactory(trusting, "probe.test", true);
    assertThat(factory.getDefaultCipherSuites()).containsExactly(trusting.getDefaultCipherSuites());
    assertThat(factory.getSupportedCipherSuites())
        .containsExactly(trusting.getSupportedCipherSuites());
  }
}
