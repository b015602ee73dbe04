package dev.sentinel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sentinel.testing.TestPki.Identity;
import dev.sentinel.testing.TestPki.KeyType;
import dev.sentinel.testing.TestPki.Leaf;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKI gives what its users rely on: names, dates, key formats, a chain, a working handshake.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestPkiTest {
  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void makePki() {
    pki = TestPki.create(dir);
  }

  private static double daysLeft(X509Certificate c) {
    return Duration.between(Instant.now(), c.getNotAfter().toInstant()).toSeconds() / 86400.0;
  }

  @Test
  void caIsACertificateAuthorityThatSignedItself() throws Exception {
    X509Certificate ca = TestPki.certificates(pki.ca()).get(0);
    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Sentinel Test CA");
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    ca.verify(ca.getPublicKey());
  }

  @Test
  void serverIsIssuedByTheCaForLocalhostAndBothLoopbackAddresses() throws Exception {
    X509Certificate server = pki.server().x509();
    X509Certificate ca = TestPki.certificates(pki.ca()).get(0);
    server.verify(ca.getPublicKey());
    assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(server.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(daysLeft(server)).isCloseTo(TestPki.DEFAULT_DAYS, within(0.01));
    assertThat(pki.server()).as("made once").isSameAs(pki.server());
  }

  @Test
  void clientHasAnEcKeyForClientAuthentication() throws Exception {
    X509Certificate client = pki.client().x509();
    assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=sentinel-client");
    assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(client.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void keysArePkcs8AndLegacyKeysArePkcs1OrSec1() throws Exception {
    assertThat(Files.readString(pki.server().key())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(pki.client().key())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(pki.legacyKey(pki.server())))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(pki.legacyKey(pki.client())))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");
    Identity ed = pki.issue(Leaf.client("ed").withKey(KeyType.ED25519));
    assertThat(ed.x509().getPublicKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
    assertThatThrownBy(() -> pki.legacyKey(ed)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chainIsTheLeafThenTheCa() {
    assertThat(TestPki.certificates(pki.server().chain()))
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=localhost", "CN=Sentinel Test CA");
  }

  @Test
  void leavesHaveTheValidityAndNamesAskedFor() throws Exception {
    X509Certificate custom =
        pki.issue(
                Leaf.server("probe.test")
                    .validFor(20)
                    .withNames(List.of("probe.test"), List.of("127.0.0.1")))
            .x509();
    assertThat(daysLeft(custom)).isCloseTo(20, within(0.01));
    assertThat(custom.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "probe.test"), List.of(7, "127.0.0.1"));

    X509Certificate expired =
        pki.issue(Leaf.server("expired.test").withKey(KeyType.EC).expired()).x509();
    assertThatThrownBy(expired::checkValidity).isInstanceOf(CertificateExpiredException.class);
    assertThat(daysLeft(expired)).isCloseTo(-8, within(0.01));
  }

  @Test
  void selfSignedIsItsOwnIssuerAndChain() throws Exception {
    Identity self = pki.selfSigned(Leaf.server("self.test"));
    X509Certificate c = self.x509();
    assertThat(c.getIssuerX500Principal()).isEqualTo(c.getSubjectX500Principal());
    c.verify(c.getPublicKey());
    assertThat(self.chain()).isEqualTo(self.certificate());
  }

  @Test
  void anotherPkiHasAnotherCa() throws Exception {
    TestPki other = TestPki.create(Files.createDirectories(dir.resolve("other")), "Other CA");
    X509Certificate intruder = other.client().x509();
    assertThat(intruder.getIssuerX500Principal().getName()).isEqualTo("CN=Other CA");
    assertThatThrownBy(() -> intruder.verify(TestPki.certificates(pki.ca()).get(0).getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void serverSocketHandshakesWithAClientThatTrustsTheCaAndPresentsItsCertificate()
      throws Exception {
    try (SSLServerSocket server = pki.serverSocket(pki.server(), true)) {
      CompletableFuture<String> peer =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                  s.startHandshake();
                  String name = s.getSession().getPeerPrincipal().getName();
                  s.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
                  return name;
                } catch (Exception e) {
                  return e.toString();
                }
              });
      try (SSLSocket client =
          (SSLSocket)
              pki.context(pki.client())
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        client.startHandshake();
        assertThat(
                new BufferedReader(
                        new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine())
            .isEqualTo("ok");
        assertThat(client.getSession().getPeerCertificates()).hasSize(2);
      }
      assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("CN=sentinel-client");
    }
  }
}
