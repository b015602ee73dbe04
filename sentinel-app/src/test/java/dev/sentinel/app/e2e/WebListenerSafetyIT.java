package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code self_metrics.web_config_file} through {@code bin/sentinel}: a Prometheus web config file
 * makes the listener HTTPS with Basic authentication (and client certificates), its problems stop
 * {@code check} and {@code start} with one line each, and no password or hash is ever logged.
 */
class WebListenerSafetyIT {
  private static final String PASSWORD = "correct horse battery staple";

  private static String hash() {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, PASSWORD.toCharArray());
  }

  /** {@code conf/web.yml} (paths relative to it) and {@code config.yaml} naming it relatively. */
  private static Path configs(Path dir, TestPki pki, int port, String tls, String hash)
      throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.copy(pki.server().chain(), conf.resolve("server.crt"));
    Files.copy(pki.server().key(), conf.resolve("server.key"));
    Files.copy(pki.ca(), conf.resolve("ca.crt"));
    Files.writeString(
        conf.resolve("web.yml"),
        "tls_server_config:\n"
            + "  cert_file: server.crt\n"
            + "  key_file: server.key\n"
            + tls
            + "basic_auth_users:\n"
            + "  alice: "
            + hash
            + "\n");
    return Files.writeString(
        dir.resolve("config.yaml"),
        """
        sentinel: {name: web}
        sender:
          flush_interval: 1s
          direct:
            file: {enabled: true, path: %s}
        tasks:
          - {id: lo, plugin: netdev, interval: 1s}
        logging: {output: both, file_path: %s}
        self_metrics:
          listen: "127.0.0.1:%d"
          web_config_file: conf/web.yml
        """
            .formatted(dir.resolve("samples.jsonl"), dir.resolve("sentinel.log"), port));
  }

  private static TestPki pki(Path dir) throws IOException {
    return TestPki.create(Files.createDirectories(dir.resolve("pki")));
  }

  /** A client that trusts {@code pki}'s CA and has no certificate of its own. */
  private static SSLContext trusting(TestPki pki) throws Exception {
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, new TrustManager[] {ClientTls.trust(pki.ca())}, null);
    return c;
  }

  private static HttpResponse<String> get(SSLContext tls, String url, String credentials)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpsWithBasicAuthLetsInOnlyTheRightPasswordAndNeverLogsIt(@TempDir Path dir)
      throws Exception {
    int port = EndToEndIT.freePort();
    String hash = hash();
    TestPki pki = pki(dir);
    Path config = configs(dir, pki, port, "", hash);
    SSLContext tls = trusting(pki);
    String https = "https://127.0.0.1:" + port;
    try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(tls, https + "/healthz", "alice:" + PASSWORD).statusCode() == 200);
      HttpResponse<String> metrics = get(tls, https + "/metrics", "alice:" + PASSWORD);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("sentinel_build_info");
      HttpResponse<String> anonymous = get(tls, https + "/metrics", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValue("Basic realm=\"Sentinel\"");
      assertThat(get(tls, https + "/metrics", "alice:wrong").statusCode()).isEqualTo(401);
      assertThat(get(tls, https + "/readyz", "bob:" + PASSWORD).statusCode()).isEqualTo(401);
      assertThatThrownBy(() -> get(tls, "http://127.0.0.1:" + port + "/metrics", null))
          .as("plain HTTP to the TLS port")
          .isInstanceOf(IOException.class);
      assertThat(daemon.terminate()).isZero();
      String log = Files.readString(dir.resolve("sentinel.log")) + daemon.output();
      assertThat(log)
          .contains("\"self_metrics_web\":\"https (TLSv1.2, TLSv1.3), basic auth (alice)\"")
          .doesNotContain(PASSWORD)
          .doesNotContain(hash)
          .doesNotContain(hash.substring(7));
    }
  }

  @Test
  void requireAndVerifyClientCertRefusesClientsWithoutACertificate(@TempDir Path dir)
      throws Exception {
    int port = EndToEndIT.freePort();
    TestPki pki = pki(dir);
    Path config =
        configs(
            dir,
            pki,
            port,
            "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n",
            hash());
    SSLContext withCert = pki.context(pki.client());
    String url = "https://127.0.0.1:" + port + "/metrics";
    try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(withCert, url, "alice:" + PASSWORD).statusCode() == 200);
      assertThat(get(withCert, url, null).statusCode())
          .as("a certificate does not replace the password")
          .isEqualTo(401);
      assertThatThrownBy(() -> get(trusting(pki), url, "alice:" + PASSWORD))
          .as("no client certificate")
          .isInstanceOf(IOException.class);
      assertThat(daemon.terminate()).isZero();
    }
  }

  @Test
  void problemsOfTheWebConfigFileStopCheckAndStartWithOneLineEach(@TempDir Path dir)
      throws Exception {
    Path config =
        configs(
            dir, pki(dir), EndToEndIT.freePort(), "  client_auth_type: Always\n", "$2y$10$short");
    Path web = Path.of("conf/web.yml");
    for (String command : List.of("check", "start")) {
      SentinelProcess.Result r = SentinelProcess.run(dir, command, "-c", config.toString());
      assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
      assertThat(r.output().lines())
          .as(command)
          .containsExactly(
              web
                  + ":4: tls_server_config.client_auth_type: \"Always\" is not one of"
                  + " NoClientCert, RequireAndVerifyClientCert",
              web
                  + ":6: basic_auth_users.alice: is not a bcrypt hash ($2a$, $2b$ or $2y$, a"
                  + " cost from 04 to 31, 60 characters in all; make one with: htpasswd -nBC 10"
                  + " \"\" | tr -d ':\\n')");
    }
  }
}
