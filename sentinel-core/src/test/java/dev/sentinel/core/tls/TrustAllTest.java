package dev.sentinel.core.tls;

import static dev.sentinel.core.tls.LoopbackTlsServer.clientContext;
import static dev.sentinel.core.tls.LoopbackTlsServer.handshake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sentinel.testing.TestPki;
import dev.sentinel.testing.TestPki.Identity;
import dev.sentinel.testing.TestPki.Leaf;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code insecure_skip_verify}: any chain, even expired and self-signed, from anyone. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrustAllTest {
  @TempDir Path dir;

  @Test
  void acceptsAnExpiredSelfSignedServerInAHandshake() throws Exception {
    TestPki pki = TestPki.create(dir);
    Identity expired = pki.selfSigned(Leaf.server("expired.test").expired());
    try (LoopbackTlsServer server = new LoopbackTlsServer(pki, expired, false)) {
      assertThat(handshake(clientContext(null, new TrustAll()).getSocketFactory(), server.port()))
          .isEqualTo("ok");
    }
  }

  @Test
  void everyCheckPassesAndNoIssuerIsNamed() throws Exception {
    TestPki pki = TestPki.create(dir);
    X509Certificate[] chain = {pki.selfSigned(Leaf.client("nobody").expired()).x509()};
    TrustAll trust = new TrustAll();
    assertThatCode(
            () -> {
              trust.checkServerTrusted(chain, "ECDHE_EC");
              trust.checkClientTrusted(chain, "ECDHE_EC");
              trust.checkServerTrusted(chain, "ECDHE_EC", (Socket) null);
              trust.checkClientTrusted(chain, "ECDHE_EC", (Socket) null);
              trust.checkServerTrusted(chain, "ECDHE_EC", (SSLEngine) null);
              trust.checkClientTrusted(chain, "ECDHE_EC", (SSLEngine) null);
            })
        .doesNotThrowAnyException();
    assertThat(trust.getAcceptedIssuers()).isEmpty();
  }
}
