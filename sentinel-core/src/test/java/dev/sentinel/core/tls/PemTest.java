package dev.sentinel.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.core.tls.Pem.PemException;
import dev.sentinel.testing.TestPki;
import dev.sentinel.testing.TestPki.Identity;
import dev.sentinel.testing.TestPki.KeyType;
import dev.sentinel.testing.TestPki.Leaf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM certificates and PKCS#8 keys made by openssl, and the messages for everything else. */
class PemTest {
  private static final String CONVERT =
      "; Sentinel reads PKCS#8 keys: convert it with openssl pkcs8 -topk8 -nocrypt -in KEY -out"
          + " KEY.pkcs8";

  @TempDir static Path dir;
  static TestPki pki;
  static Identity ed25519;

  @BeforeAll
  static void makePki() {
    pki = TestPki.create(dir);
    ed25519 = pki.issue(Leaf.client("ed25519-client").withKey(KeyType.ED25519));
  }

  private static byte[] bytes(Path file) throws Exception {
    return Files.readAllBytes(file);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void readsEveryCertificateOfAChainInFileOrder() throws Exception {
    assertThat(Pem.certificates(bytes(pki.server().chain())))
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=localhost", "CN=Sentinel Test CA");
  }

  @Test
  void aCertificateAndItsKeyMayShareAFileWithText() throws Exception {
    String combined =
        "issued for the test\n"
            + Files.readString(pki.client().key())
            + "\nbag attributes\n"
            + Files.readString(pki.client().certificate());
    X509Certificate cert = Pem.certificates(ascii(combined)).get(0);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=sentinel-client");
    assertThat(Pem.matches(Pem.privateKey(ascii(combined)), cert)).isTrue();
  }

  @Test
  void readsPkcs8RsaEcAndEd25519Keys() throws Exception {
    assertThat(Pem.privateKey(bytes(pki.server().key())).getAlgorithm()).isEqualTo("RSA");
    assertThat(Pem.privateKey(bytes(pki.client().key())).getAlgorithm()).isEqualTo("EC");
    assertThat(Pem.privateKey(bytes(ed25519.key())).getAlgorithm()).isIn("EdDSA", "Ed25519");
  }

  @Test
  void pkcs1AndSec1KeysAreRefusedWithTheCommandThatConvertsThem() {
    assertThatThrownBy(() -> Pem.privateKey(bytes(pki.legacyKey(pki.server()))))
        .isInstanceOf(PemException.class)
        .hasMessage("holds a RSA PRIVATE KEY (PKCS#1/SEC1)" + CONVERT);
    assertThatThrownBy(() -> Pem.privateKey(bytes(pki.legacyKey(pki.client()))))
        .isInstanceOf(PemException.class)
        .hasMessage("holds a EC PRIVATE KEY (PKCS#1/SEC1)" + CONVERT);
  }

  @Test
  void encryptedKeysAreRefusedWithTheCommandThatDecryptsThem() {
    byte[] encrypted =
        ascii(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + "MIIBvTBXBgkqhkiG9w0BBQ0wSjAp\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> Pem.privateKey(encrypted))
        .isInstanceOf(PemException.class)
        .hasMessageStartingWith("holds an encrypted key; Sentinel needs an unencrypted PKCS#8 key")
        .hasMessageEndingWith("openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8");
  }

  @Test
  void aFileWithoutTheWantedBlockSaysWhichBlockItLacks() throws Exception {
    assertThatThrownBy(() -> Pem.certificates(bytes(pki.client().key())))
        .isInstanceOf(PemException.class)
        .hasMessage("contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> Pem.privateKey(bytes(pki.client().certificate())))
        .isInstanceOf(PemException.class)
        .hasMessage("contains no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  @Test
  void damagedBlocksAreNamedByTheirPlaceNeverByTheirContent() throws Exception {
    String secret = "c2VjcmV0LWNvbnRlbnQ="; // "secret-content": valid base64, not DER
    byte[] chain =
        ascii(
            Files.readString(pki.server().certificate())
                + "-----BEGIN CERTIFICATE-----\n"
                + secret
                + "\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> Pem.certificates(chain))
        .isInstanceOf(PemException.class)
        .hasMessage("certificate number 2 is not a valid X.509 certificate")
        .hasMessageNotContaining(secret);
    assertThatThrownBy(
            () ->
                Pem.privateKey(
                    ascii(
                        "-----BEGIN PRIVATE KEY-----\n"
                            + secret
                            + "\n-----END PRIVATE KEY-----\n")))
        .isInstanceOf(PemException.class)
        .hasMessage("the private key is not a valid RSA, EC or EdDSA PKCS#8 key");
    assertThatThrownBy(
            () ->
                Pem.certificates(
                    ascii("-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n")))
        .isInstanceOf(PemException.class)
        .hasMessage("a CERTIFICATE block is not valid base64");
  }

  @Test
  void matchesTellsWhetherAKeyBelongsToACertificate() throws Exception {
    X509Certificate server = Pem.certificates(bytes(pki.server().certificate())).get(0);
    X509Certificate client = Pem.certificates(bytes(pki.client().certificate())).get(0);
    Identity otherEc = pki.issue(Leaf.client("other-ec"));
    assertThat(Pem.matches(Pem.privateKey(bytes(pki.server().key())), server)).isTrue();
    assertThat(Pem.matches(Pem.privateKey(bytes(pki.client().key())), client)).isTrue();
    assertThat(Pem.matches(Pem.privateKey(bytes(otherEc.key())), client))
        .as("same algorithm, other key")
        .isFalse();
    assertThat(Pem.matches(Pem.privateKey(bytes(pki.client().key())), server))
        .as("other algorithm")
        .isFalse();
    assertThat(Pem.matches(Pem.privateKey(bytes(ed25519.key())), ed25519.x509())).isTrue();
    assertThat(Pem.matches(Pem.privateKey(bytes(ed25519.key())), client)).isFalse();
  }
}
