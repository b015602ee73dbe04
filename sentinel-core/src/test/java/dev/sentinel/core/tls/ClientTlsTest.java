package dev.sentinel.core.tls;

import static dev.sentinel.core.tls.LoopbackTlsServer.clientContext;
import static dev.sentinel.core.tls.LoopbackTlsServer.handshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.tls.ClientTls.Sockets;
import dev.sentinel.core.tls.ClientTls.TlsFileException;
import dev.sentinel.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tls} options as the http plugin and the HTTP destinations read them: the settings and
 * their problems, the files and their errors (naming the option), and real handshakes on loopback
 * for trust from {@code ca_file}, client certificates and what {@link ClientTls#sockets} decides.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientTlsTest {
  private static final String PATH = "tasks[0].config.tls";
  private static final String WARNING = "the server's certificate is NOT checked";

  @TempDir static Path dir;
  static TestPki pki;
  static TestPki other;
  static LoopbackTlsServer server;
  static LoopbackTlsServer mutual;
  static LoopbackTlsServer stranger;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(dir);
    other = TestPki.create(Files.createDirectories(dir.resolve("other")), "Other CA");
    server = new LoopbackTlsServer(pki, pki.server(), false);
    mutual = new LoopbackTlsServer(pki, pki.server(), true);
    stranger = new LoopbackTlsServer(other, other.server(), false);
  }

  @AfterAll
  static void stop() throws Exception {
    for (LoopbackTlsServer s : new LoopbackTlsServer[] {server, mutual, stranger}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static TlsSettings read(Map<String, ?> options, Problems problems) {
    return TlsSettings.parse(Section.of(PATH, options, problems), WARNING);
  }

  private static String trustingHandshake(Path caFile, int port) throws Exception {
    return handshake(clientContext(null, ClientTls.trust(caFile)).getSocketFactory(), port);
  }

  @Test
  void readsTheOptionsTrimmed() {
    Problems problems = new Problems("test.yaml");
    TlsSettings s =
        read(
            Map.of(
                "ca_file",
                " /etc/ca.pem ",
                "cert_file",
                "c.pem",
                "key_file",
                "c.key",
                "server_name",
                " api.internal "),
            problems);
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings()).isEmpty();
    assertThat(s)
        .isEqualTo(
            new TlsSettings(
                Path.of("/etc/ca.pem"), Path.of("c.pem"), Path.of("c.key"), "api.internal", false));
    assertThat(read(Map.of(), problems)).isEqualTo(new TlsSettings(null, null, null, "", false));
  }

  @Test
  void aCertificateNeedsItsKeyAndAKeyItsCertificate() {
    Problems problems = new Problems("test.yaml");
    assertThat(read(Map.of("cert_file", "c.pem"), problems).certFile()).isNull();
    assertThat(read(Map.of("key_file", "c.key"), problems).keyFile()).isNull();
    assertThat(problems.errors())
        .containsExactly(
            "test.yaml: "
                + PATH
                + ".cert_file: is set but key_file is not; a client certificate needs its key",
            "test.yaml: "
                + PATH
                + ".key_file: is set but cert_file is not; a client key needs its certificate");
  }

  @Test
  void badServerNamesPathsAndUnknownKeysAreErrorsNamingTheKey() {
    Problems problems = new Problems("test.yaml");
    TlsSettings s =
        read(Map.of("server_name", "not a host", "ca_file", "bad\0path", "bogus", "x"), problems);
    assertThat(s.serverName()).isEmpty();
    assertThat(s.caFile()).isNull();
    assertThat(problems.errors())
        .hasSize(3)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isEqualTo(
                        "test.yaml: " + PATH + ".server_name: \"not a host\" is not a host name"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "test.yaml: " + PATH + ".ca_file: \"bad\0path\" is not a valid file path"))
        .anySatisfy(e -> assertThat(e).startsWith("test.yaml: " + PATH + ".bogus: unknown key"));
  }

  @Test
  void insecureSkipVerifyIsWarnedAndAnUnusedCaFileToo() {
    Problems problems = new Problems("test.yaml");
    assertThat(
            read(Map.of("insecure_skip_verify", true, "ca_file", "ca.pem"), problems)
                .insecureSkipVerify())
        .isTrue();
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings())
        .containsExactlyInAnyOrder(
            "test.yaml: " + PATH + ".insecure_skip_verify: " + WARNING,
            "test.yaml: " + PATH + ".ca_file: is not used while insecure_skip_verify is on");

    Problems quiet = new Problems("test.yaml");
    TlsSettings.parse(Section.of(PATH, Map.of("insecure_skip_verify", true), quiet), null);
    assertThat(quiet.warnings()).as("no warning text, no warning").isEmpty();
  }

  @Test
  void unreadableFilesNameTheOptionAndTheFileNeverTheContent() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> ClientTls.certificates("ca_file", missing))
        .isInstanceOfSatisfying(
            TlsFileException.class, e -> assertThat(e.key()).isEqualTo("ca_file"))
        .hasMessage("cannot read " + missing + ": No such file");

    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "password=hunter2\n");
    assertThatThrownBy(() -> ClientTls.certificates("cert_file", garbage))
        .isInstanceOfSatisfying(
            TlsFileException.class, e -> assertThat(e.key()).isEqualTo("cert_file"))
        .hasMessage(garbage + " contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> ClientTls.privateKey(garbage))
        .isInstanceOfSatisfying(
            TlsFileException.class, e -> assertThat(e.key()).isEqualTo("key_file"))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aPkcs1KeyIsRefusedAsTheKeyFile() {
    Path pkcs1 = pki.legacyKey(pki.server());
    assertThatThrownBy(() -> ClientTls.privateKey(pkcs1))
        .isInstanceOfSatisfying(
            TlsFileException.class, e -> assertThat(e.key()).isEqualTo("key_file"))
        .hasMessageStartingWith(pkcs1 + " holds a RSA PRIVATE KEY (PKCS#1/SEC1)");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
    Path cert = pki.client().certificate();
    Path key = other.client().key();
    assertThatThrownBy(() -> ClientTls.keyManagers(cert, key))
        .isInstanceOfSatisfying(
            TlsFileException.class, e -> assertThat(e.key()).isEqualTo("key_file"))
        .hasMessage(key + " does not belong to the certificate in " + cert);
    assertThat(ClientTls.keyManagers(null, null)).isNull();
    assertThat(ClientTls.keyManagers(cert, null)).isNull();
  }

  @Test
  void caFileTrustsTheServerTheJdkStoreAndAnotherCaRefuse() throws Exception {
    assertThat(trustingHandshake(pki.ca(), server.port())).isEqualTo("ok");
    assertThatThrownBy(() -> trustingHandshake(null, server.port()))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("certification path");
    assertThatThrownBy(() -> trustingHandshake(other.ca(), server.port()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void everyCertificateOfACaBundleIsTrusted() throws Exception {
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(bundle, Files.readString(other.ca()) + Files.readString(pki.ca()));
    assertThat(trustingHandshake(bundle, server.port())).isEqualTo("ok");
    assertThat(trustingHandshake(bundle, stranger.port())).isEqualTo("ok");
  }

  @Test
  void theClientCertificateFromPemFilesSatisfiesAServerThatAsksForOne() throws Exception {
    SSLContext with =
        clientContext(
            ClientTls.keyManagers(pki.client().certificate(), pki.client().key()),
            ClientTls.trust(pki.ca()));
    assertThat(handshake(with.getSocketFactory(), mutual.port())).isEqualTo("ok");

    SSLContext without = clientContext(null, ClientTls.trust(pki.ca()));
    assertThatThrownBy(() -> handshake(without.getSocketFactory(), mutual.port()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void withoutServerNameTheHostCheckIsLeftToTheHttpClient() throws Exception {
    Sockets sockets = ClientTls.sockets(clientContext(null, ClientTls.trust(pki.ca())), "", false);
    assertThat(sockets.socketFactory()).isNotInstanceOf(ServerNameSocketFactory.class);
    assertThat(sockets.hostnameVerifier()).isNull();
    assertThat(handshake(sockets.socketFactory(), server.port())).isEqualTo("ok");
  }

  @Test
  void withServerNameTheJdkChecksThatNameInsteadOfTheHttpClient() throws Exception {
    SSLContext context = clientContext(null, ClientTls.trust(pki.ca()));
    Sockets right = ClientTls.sockets(context, "localhost", false);
    assertThat(right.hostnameVerifier().verify("the-url-host.example", null)).isTrue();
    assertThat(handshake(right.socketFactory(), server.port())).isEqualTo("ok");

    Sockets wrong = ClientTls.sockets(context, "wrong.test", false);
    assertThatThrownBy(() -> handshake(wrong.socketFactory(), server.port()))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("wrong.test");
  }

  @Test
  void insecureSkipVerifyAcceptsAnyCertificateForAnyName() throws Exception {
    SSLContext context = clientContext(null, new TrustAll());
    Sockets plain = ClientTls.sockets(context, "", true);
    assertThat(plain.hostnameVerifier().verify("anything.example", null)).isTrue();
    assertThat(handshake(plain.socketFactory(), stranger.port())).isEqualTo("ok");

    Sockets named = ClientTls.sockets(context, "wrong.test", true);
    assertThat(named.hostnameVerifier().verify("anything.example", null)).isTrue();
    assertThat(handshake(named.socketFactory(), stranger.port())).isEqualTo("ok");
    assertThat(stranger.sniNames).contains("wrong.test");
  }
}
