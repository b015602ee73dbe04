package dev.sentinel.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.core.options.ConfigException;
import dev.sentinel.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web config file: exporter-toolkit's format, every problem as {@code file:line: key: …}. */
class WebConfigTest {
  @TempDir static Path dir;
  static Path web;
  static final String HASH = BasicAuthTest.hash("alice-pw");

  @BeforeAll
  static void files() throws Exception {
    TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
    Path tls = Files.createDirectories(dir.resolve("conf"));
    copy(pki.server().chain(), tls.resolve("server.crt"));
    copy(pki.server().key(), tls.resolve("server.key"));
    copy(pki.client().key(), tls.resolve("other.key"));
    copy(pki.ca(), tls.resolve("ca.crt"));
    Files.writeString(tls.resolve("notpem.txt"), "hello\n");
    web = tls.resolve("web.yml");
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

  private static WebConfig parse(String yaml) {
    return WebConfig.parse(web, yaml);
  }

  private static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      assertThat(String.join("\n", e.problems())).doesNotContain(HASH).doesNotContain("$2y$04$");
      return e.problems();
    }
    throw new AssertionError("expected problems");
  }

  @Test
  void aPrometheusWebConfigWithRelativePathsIsReadAgainstItsOwnDirectory() {
    WebConfig c =
        parse(
            """
            # TLS and basic authentication, as for Prometheus' --web.config.file
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              min_version: TLS13
            basic_auth_users:
              alice: %s
            """
                .formatted(HASH));
    ServerTls tls = c.tls().orElseThrow();
    assertThat(tls.protocols()).containsExactly("TLSv1.3");
    assertThat(tls.clientCertificates()).isTrue();
    assertThat(c.auth().orElseThrow().users()).containsExactly("alice");
    assertThat(c.auth().orElseThrow().check("alice", "alice-pw")).isTrue();
    assertThat(c.describe())
        .isEqualTo("https (TLSv1.3; client certificates required), basic auth (alice)");
    assertThat(c.toString()).doesNotContain(HASH).contains(web.toString());
  }

  @Test
  void eitherSectionMayBeAbsent() {
    WebConfig tlsOnly =
        parse("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
    assertThat(tlsOnly.tls().orElseThrow().protocols()).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(tlsOnly.tls().orElseThrow().clientCertificates()).isFalse();
    assertThat(tlsOnly.auth()).isEmpty();
    WebConfig authOnly = parse("basic_auth_users:\n  alice: " + HASH + "\n");
    assertThat(authOnly.tls()).isEmpty();
    assertThat(authOnly.describe()).isEqualTo("http, basic auth (alice)");
    assertThat(parse("").describe()).isEqualTo("http");
    assertThat(parse("basic_auth_users: {}\n").auth()).as("no users: no authentication").isEmpty();
  }

  @Test
  void everyProblemOfTheFileIsReportedAtOnceWithoutTheHashes() {
    assertThat(
            problems(
                """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                  client_auth_type: RequireAnyClientCert
                  min_version: TLS11
                  cipher_suites: [TLS_AES_128_GCM_SHA256]
                  max_versoin: TLS13
                basic_auth_users:
                  alice: $2y$04$tooshort
                  "": %s
                  "a:b": %s
                  bob:
                rate_limit: {interval: 1s, burst: 2}
                tls_server_confg: {}
                """
                    .formatted(HASH, HASH)))
        .containsExactly(
            web + ":13: rate_limit: is not supported by Sentinel's web listener",
            web
                + ":6: tls_server_config.cipher_suites: is not supported by Sentinel's web"
                + " listener",
            web
                + ":4: tls_server_config.client_auth_type: RequireAnyClientCert is not supported by"
                + " Sentinel's web listener (use RequireAndVerifyClientCert or NoClientCert)",
            web + ":5: tls_server_config.min_version: TLS11 is not supported (use TLS12 or TLS13)",
            web + ":7: tls_server_config.max_versoin: unknown key (did you mean max_version?)",
            web
                + ":9: basic_auth_users.alice: is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost"
                + " from 04 to 31, 60 characters in all; make one with: htpasswd -nBC 10 \"\" |"
                + " tr -d ':\\n')",
            web + ":10: basic_auth_users: a user name is empty",
            web
                + ":11: basic_auth_users.a:b: a user name cannot contain ':' (Basic authentication"
                + " splits there)",
            web
                + ":12: basic_auth_users.bob: is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost"
                + " from 04 to 31, 60 characters in all; make one with: htpasswd -nBC 10 \"\" |"
                + " tr -d ':\\n')",
            web + ":14: tls_server_confg: unknown key (did you mean tls_server_config?)");
  }

  @Test
  void certificateAndKeyFilesAreReadAndMustBelongTogether() {
    Path d = web.getParent();
    assertThat(problems("tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n"))
        .containsExactly(
            web
                + ":2: tls_server_config.cert_file: cannot read "
                + d.resolve("missing.crt")
                + ": No such file");
    assertThat(problems("tls_server_config:\n  cert_file: notpem.txt\n  key_file: server.key\n"))
        .containsExactly(
            web
                + ":2: tls_server_config.cert_file: "
                + d.resolve("notpem.txt")
                + " contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThat(problems("tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n"))
        .containsExactly(
            web
                + ":3: tls_server_config.key_file: "
                + d.resolve("server.crt")
                + " contains no PEM private key (-----BEGIN PRIVATE KEY-----)");
    assertThat(problems("tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n"))
        .containsExactly(
            web
                + ":3: tls_server_config.key_file: "
                + d.resolve("other.key")
                + " does not belong to the certificate in "
                + d.resolve("server.crt"));
    assertThat(
            problems(
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n"
                    + "  min_version: TLS10\n"))
        .as("files are read even when another key is wrong")
        .containsExactly(
            web + ":4: tls_server_config.min_version: TLS10 is not supported (use TLS12 or TLS13)",
            web
                + ":3: tls_server_config.key_file: "
                + d.resolve("server.crt")
                + " contains no PEM private key (-----BEGIN PRIVATE KEY-----)");
    assertThat(
            problems(
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                    + "  client_auth_type: RequireAndVerifyClientCert\n"
                    + "  client_ca_file: notpem.txt\n"))
        .containsExactly(
            web
                + ":5: tls_server_config.client_ca_file: "
                + d.resolve("notpem.txt")
                + " contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void clientCertificatesNeedTheirCaAndTheCaNeedsThePolicy() {
    assertThat(
            problems(
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                    + "  client_auth_type: RequireAndVerifyClientCert\n"))
        .containsExactly(
            web
                + ":4: tls_server_config.client_auth_type: RequireAndVerifyClientCert needs"
                + " client_ca_file (the CA certificates that issue the client certificates)");
    assertThat(
            problems(
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                    + "  client_ca_file: ca.crt\n"))
        .containsExactly(
            web
                + ":4: tls_server_config.client_ca_file: is set but client_auth_type is"
                + " NoClientCert (set client_auth_type: RequireAndVerifyClientCert to require"
                + " client certificates)");
    assertThat(problems("tls_server_config:\n  min_version: TLS13\n  client_auth_type: Always\n"))
        .containsExactly(
            web + ":2: tls_server_config.cert_file: is required",
            web + ":2: tls_server_config.key_file: is required",
            web
                + ":3: tls_server_config.client_auth_type: \"Always\" is not one of NoClientCert,"
                + " RequireAndVerifyClientCert");
    assertThat(
            problems(
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                    + "  min_version: TLS13\n  max_version: TLS12\n"))
        .containsExactly(web + ":5: tls_server_config.max_version: is lower than min_version");
  }

  @Test
  void syntaxErrorsAndWrongShapesNameTheFileAndLine() {
    assertThat(problems("basic_auth_users:\n  alice: [\n"))
        .singleElement()
        .asString()
        .startsWith(web + ":3: YAML syntax error: ");
    assertThat(problems("basic_auth_users: [alice]\n"))
        .containsExactly(
            web + ":1: basic_auth_users: must be a mapping of user names to bcrypt hashes");
    assertThat(problems("tls_server_config: yes\n"))
        .containsExactly(web + ":1: tls_server_config: must be a mapping of keys to values");
  }

  @Test
  void anUnreadableFileIsOneLine() {
    assertThatThrownBy(() -> WebConfig.load(dir.resolve("nope.yml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir.resolve("nope.yml") + ": cannot read: No such file");
  }
}
