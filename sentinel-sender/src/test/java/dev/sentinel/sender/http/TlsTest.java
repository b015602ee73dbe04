package dev.sentinel.sender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SendResult.Status;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.tls.Pem;
import dev.sentinel.sender.remotewrite.VictoriaMetricsProvider;
import dev.sentinel.testing.TestPki;
import dev.sentinel.testing.TestPki.Identity;
import dev.sentinel.testing.TestPki.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against a local JDK HTTPS receiver with a CA and certificates made by openssl, and a second
 * CA the receiver does not know.
 */
class TlsTest {
  private static final String PATH = "sender.direct.victoria_metrics";
  private static final List<Sample> BATCH =
      List.of(Sample.gauge("tls_test", Labels.of("sentinel", "s1"), 1, System.currentTimeMillis()));

  @TempDir static Path dir;
  private static TestPki pki;
  private static TestPki other;
  private static Identity receiverCert;
  private static Path pkcs1Key;
  private static TlsReceiver plain;
  private static TlsReceiver mutual;

  @BeforeAll
  static void setUp() throws Exception {
    pki = TestPki.create(dir);
    other = TestPki.create(Files.createDirectories(dir.resolve("other")), "Other CA");
    receiverCert = pki.issue(Leaf.server("receiver.test"));
    pkcs1Key = pki.legacyKey(receiverCert);
    plain = new TlsReceiver(pki, receiverCert, false);
    mutual = new TlsReceiver(pki, receiverCert, true);
  }

  @AfterAll
  static void tearDown() {
    if (plain != null) {
      plain.close();
    }
    if (mutual != null) {
      mutual.close();
    }
  }

  static Destination open(String url, Map<String, ?> tls) {
    Problems problems = new Problems("test.yaml");
    Map<String, Object> options = new HashMap<>();
    options.put("url", url);
    if (tls != null) {
      options.put("tls", tls);
    }
    var spec =
        new VictoriaMetricsProvider()
            .configure(Section.of(PATH, options, problems), HttpOptionsTest.DEFAULTS);
    assertThat(problems.errors()).isEmpty();
    return spec.open();
  }

  private static SendResult send(String url, Map<String, ?> tls) {
    try (Destination d = open(url, tls)) {
      return d.send(BATCH);
    }
  }

  @Test
  void worksWithCaFile() {
    assertThat(send(plain.url(), Map.of("ca_file", pki.ca().toString())))
        .isEqualTo(SendResult.DELIVERED);
  }

  @Test
  void failsClearlyWithoutCaFile() {
    SendResult r = send(plain.url(), null);
    assertThat(r.status()).isEqualTo(Status.RETRY);
    assertThat(r.reason()).isEqualTo("TLS: certificate not trusted (set tls.ca_file)");
  }

  @Test
  void failsWithTheWrongCa() {
    SendResult r = send(plain.url(), Map.of("ca_file", other.ca().toString()));
    assertThat(r.status()).isEqualTo(Status.RETRY);
    assertThat(r.reason()).isEqualTo("TLS: certificate not trusted (set tls.ca_file)");
  }

  @Test
  void worksWithInsecureSkipVerify() {
    assertThat(send(plain.url(), Map.of("insecure_skip_verify", "true")))
        .isEqualTo(SendResult.DELIVERED);
  }

  @Test
  void mutualTlsWorksWithAClientCertificateAndFailsWithout() {
    assertThat(
            send(
                mutual.url(),
                Map.of(
                    "ca_file", pki.ca().toString(),
                    "cert_file", pki.client().certificate().toString(),
                    "key_file", pki.client().key().toString())))
        .isEqualTo(SendResult.DELIVERED);

    SendResult without = send(mutual.url(), Map.of("ca_file", pki.ca().toString()));
    assertThat(without.status()).isEqualTo(Status.RETRY);
    assertThat(without.reason()).contains("tls.cert_file");

    SendResult untrusted =
        send(
            mutual.url(),
            Map.of(
                "ca_file", pki.ca().toString(),
                "cert_file", other.client().certificate().toString(),
                "key_file", other.client().key().toString()));
    assertThat(untrusted.status()).isEqualTo(Status.RETRY);
    assertThat(untrusted.reason()).contains("tls.cert_file");
  }

  @Test
  void serverNameIsCheckedAndSentAsSni() {
    plain.sniNames.clear();
    assertThat(
            send(
                plain.url(),
                Map.of("ca_file", pki.ca().toString(), "server_name", "receiver.test")))
        .isEqualTo(SendResult.DELIVERED);
    assertThat(plain.sniNames).contains("receiver.test");

    SendResult wrong =
        send(plain.url(), Map.of("ca_file", pki.ca().toString(), "server_name", "wrong.test"));
    assertThat(wrong.status()).isEqualTo(Status.RETRY);
    assertThat(wrong.reason())
        .startsWith("TLS: certificate does not match the host name")
        .contains("tls.server_name");
  }

  @Test
  void urlHostNotInTheCertificateFails() {
    String byName = plain.url().replace("127.0.0.1", "localhost");
    SendResult r = send(byName, Map.of("ca_file", pki.ca().toString()));
    assertThat(r.status()).isEqualTo(Status.RETRY);
    assertThat(r.reason()).startsWith("TLS: certificate does not match the host name");
  }

  @Test
  void changedTlsFilesAreUsedWithoutRestart() throws Exception {
    Path ca = dir.resolve("rotating-ca.pem");
    Files.copy(other.ca(), ca, StandardCopyOption.REPLACE_EXISTING);
    try (Destination d = open(plain.url(), Map.of("ca_file", ca.toString()))) {
      assertThat(d.send(BATCH).reason()).contains("not trusted");
      Files.copy(pki.ca(), ca, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(ca, FileTime.from(Instant.now().plusSeconds(5)));
      assertThat(d.send(BATCH)).isEqualTo(SendResult.DELIVERED);
      Files.delete(ca);
      Files.setLastModifiedTime(dir, FileTime.from(Instant.now())); // (no effect; file is gone)
      SendResult gone = d.send(BATCH);
      assertThat(gone.status()).isEqualTo(Status.RETRY);
      assertThat(gone.reason()).isEqualTo("TLS: tls.ca_file: cannot read " + ca + ": No such file");
    }
  }

  @Test
  void pemFilesAreCheckedAtLoad() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "not a certificate\n");
    Problems problems = new Problems("test.yaml");
    new VictoriaMetricsProvider()
        .configure(
            Section.of(
                PATH,
                Map.of(
                    "url",
                    "https://vm:8428/api/v1/write",
                    "tls",
                    Map.of(
                        "ca_file",
                        "/nonexistent/ca.pem",
                        "cert_file",
                        garbage.toString(),
                        "key_file",
                        pkcs1Key.toString(),
                        "bogus",
                        "x")),
                problems),
            HttpOptionsTest.DEFAULTS);
    assertThat(problems.errors())
        .containsExactlyInAnyOrder(
            "test.yaml: "
                + PATH
                + ".tls.bogus: unknown key (known keys: ca_file, cert_file, insecure_skip_verify,"
                + " key_file, server_name)",
            "test.yaml: " + PATH + ".tls.ca_file: cannot read /nonexistent/ca.pem: No such file",
            "test.yaml: "
                + PATH
                + ".tls.cert_file: "
                + garbage
                + " contains no PEM certificate (-----BEGIN CERTIFICATE-----)",
            "test.yaml: "
                + PATH
                + ".tls.key_file: "
                + pkcs1Key
                + " holds a RSA PRIVATE KEY (PKCS#1/SEC1); Sentinel reads PKCS#8 keys: convert it"
                + " with openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8");
  }

  @Test
  void keyMustBelongToTheCertificateAndBothAreNeeded() {
    Problems problems = new Problems("test.yaml");
    new VictoriaMetricsProvider()
        .configure(
            Section.of(
                PATH,
                Map.of(
                    "url",
                    "https://vm:8428/api/v1/write",
                    "tls",
                    Map.of(
                        "cert_file",
                        pki.client().certificate().toString(),
                        "key_file",
                        other.client().key().toString())),
                problems),
            HttpOptionsTest.DEFAULTS);
    assertThat(problems.errors())
        .containsExactly(
            "test.yaml: "
                + PATH
                + ".tls.key_file: "
                + other.client().key()
                + " does not belong to the certificate in "
                + pki.client().certificate());

    Problems p2 = new Problems("test.yaml");
    new VictoriaMetricsProvider()
        .configure(
            Section.of(
                PATH,
                Map.of(
                    "url",
                    "https://vm:8428/api/v1/write",
                    "tls",
                    Map.of("cert_file", pki.client().certificate().toString())),
                p2),
            HttpOptionsTest.DEFAULTS);
    assertThat(p2.errors())
        .singleElement()
        .asString()
        .contains(PATH + ".tls.cert_file", "key_file");
  }

  @Test
  void rsaAndEcKeysLoad() throws Exception {
    assertThat(Pem.privateKey(Files.readAllBytes(receiverCert.key())).getAlgorithm())
        .isEqualTo("RSA");
    assertThat(Pem.privateKey(Files.readAllBytes(pki.client().key())).getAlgorithm())
        .isEqualTo("EC");
    assertThat(
            Pem.matches(
                Pem.privateKey(Files.readAllBytes(pki.client().key())),
                Pem.certificates(Files.readAllBytes(pki.client().certificate())).get(0)))
        .isTrue();
  }

  @Test
  void insecureSkipVerifyIsAConfigWarningAndShownInDescribe() {
    Problems problems = new Problems("test.yaml");
    var spec =
        new VictoriaMetricsProvider()
            .configure(
                Section.of(
                    PATH,
                    Map.of(
                        "url",
                        "https://vm:8428/api/v1/write",
                        "tls",
                        Map.of("insecure_skip_verify", true)),
                    problems),
                HttpOptionsTest.DEFAULTS);
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings())
        .singleElement()
        .asString()
        .contains(PATH + ".tls.insecure_skip_verify", "NOT checked");
    assertThat(spec.describe()).contains("TLS (INSECURE: no certificate check)");
  }
}
