package dev.sentinel.sender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.client.Secret;
import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SendResult.Status;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.sender.remotewrite.VictoriaMetricsProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** password(_file), bearer_token(_file), proxy_url, and that no secret ever leaks. */
class AuthAndSecretsTest {
  private static final String PATH = "sender.direct.victoria_metrics";
  private static final String PASSWORD = "pw-Secret-4711";
  private static final String TOKEN = "tok-Secret-0815";
  private static final String PROXY_PASSWORD = "proxy-Secret-99";
  private static final List<Sample> BATCH =
      List.of(
          Sample.gauge("auth_test", Labels.of("sentinel", "s1"), 1, System.currentTimeMillis()));

  @TempDir Path dir;
  private MockWebServer server;
  private final Problems problems = new Problems("test.yaml");

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DestinationSpec configure(Map<String, ?> options) {
    return new VictoriaMetricsProvider()
        .configure(Section.of(PATH, options, problems), HttpOptionsTest.DEFAULTS);
  }

  private static Map<String, Object> opts(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void passwordFileIsReadAndReReadWhenItChanges() throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "first-pw\n");
    DestinationSpec spec =
        configure(
            opts(
                "url",
                server.url("/w").toString(),
                "username",
                "probe",
                "password_file",
                file.toString()));
    assertThat(problems.errors()).isEmpty();
    assertThat(spec.describe())
        .contains("basic auth as \"probe\" (password from " + file + ")")
        .doesNotContain("first-pw");
    try (Destination d = spec.open()) {
      server.enqueue(new MockResponse.Builder().code(204).build());
      assertThat(d.send(BATCH)).isEqualTo(SendResult.DELIVERED);
      assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
          .isEqualTo(basic("probe", "first-pw"));

      Files.writeString(file, "second-pw-longer\n");
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(3)));
      server.enqueue(new MockResponse.Builder().code(204).build());
      assertThat(d.send(BATCH)).isEqualTo(SendResult.DELIVERED);
      assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
          .isEqualTo(basic("probe", "second-pw-longer"));

      Files.delete(file);
      SendResult r = d.send(BATCH);
      assertThat(r.status()).isEqualTo(Status.RETRY);
      assertThat(r.reason()).isEqualTo("password_file: cannot read " + file + ": No such file");
    }
  }

  @Test
  void bearerTokenInlineAndFromFile() throws Exception {
    try (Destination d =
        configure(opts("url", server.url("/w").toString(), "bearer_token", TOKEN)).open()) {
      server.enqueue(new MockResponse.Builder().code(204).build());
      assertThat(d.send(BATCH)).isEqualTo(SendResult.DELIVERED);
      assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + TOKEN);
    }
    Path file = dir.resolve("token");
    Files.writeString(file, "  file-token \n");
    try (Destination d =
        configure(opts("url", server.url("/w").toString(), "bearer_token_file", file.toString()))
            .open()) {
      server.enqueue(new MockResponse.Builder().code(204).build());
      assertThat(d.send(BATCH)).isEqualTo(SendResult.DELIVERED);
      assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
          .isEqualTo("Bearer file-token");
    }
    assertThat(problems.errors()).isEmpty();
  }

  @Test
  void conflictingAndMissingCredentialOptionsAreErrorsNamingTheKey() throws Exception {
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    configure(
        opts(
            "url",
            "http://vm:8428/api/v1/write",
            "username",
            "u",
            "password",
            PASSWORD,
            "password_file",
            "/x"));
    configure(
        opts(
            "url",
            "http://vm:8428/api/v1/write",
            "username",
            "u",
            "password",
            PASSWORD,
            "bearer_token",
            TOKEN));
    configure(
        opts("url", "http://vm:8428/api/v1/write", "bearer_token_file", "/nonexistent/token"));
    configure(
        opts(
            "url",
            "http://vm:8428/api/v1/write",
            "username",
            "u",
            "password_file",
            empty.toString()));
    configure(
        opts(
            "url",
            "http://vm:8428/api/v1/write",
            "proxy_url",
            "socks5://u:" + PROXY_PASSWORD + "@p:1080"));
    assertThat(problems.errors())
        .containsExactly(
            "test.yaml: "
                + PATH
                + ".password_file: cannot be combined with password; set only one of them",
            "test.yaml: "
                + PATH
                + ".bearer_token: cannot be combined with username/password (basic auth); choose"
                + " one",
            "test.yaml: "
                + PATH
                + ".bearer_token_file: cannot read /nonexistent/token: No such file",
            "test.yaml: " + PATH + ".password_file: " + empty + " is empty",
            "test.yaml: "
                + PATH
                + ".proxy_url: \"socks5://***@p:1080\" must be an http:// proxy URL (e.g."
                + " http://proxy:3128)");
    assertThat(String.join("\n", problems.errors()))
        .doesNotContain(PASSWORD, TOKEN, PROXY_PASSWORD);
  }

  @Test
  void proxyIsUsedWithItsCredentials() throws Exception {
    // MockWebServer as the proxy: an http:// URL is requested in absolute form through it.
    String target = "http://vm.invalid:8428/api/v1/write";
    DestinationSpec spec =
        configure(
            opts(
                "url",
                target,
                "proxy_url",
                "http://pu:" + PROXY_PASSWORD + "@127.0.0.1:" + server.getPort()));
    assertThat(problems.errors()).isEmpty();
    assertThat(spec.describe())
        .contains("via proxy http://***@127.0.0.1:" + server.getPort())
        .doesNotContain(PROXY_PASSWORD, "pu:");
    try (Destination d = spec.open()) {
      server.enqueue(
          new MockResponse.Builder()
              .code(407)
              .setHeader("Proxy-Authenticate", "Basic realm=\"p\"")
              .build());
      server.enqueue(new MockResponse.Builder().code(204).build());
      assertThat(d.send(BATCH)).isEqualTo(SendResult.DELIVERED);
      RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(first.getTarget()).isEqualTo(target);
      assertThat(second.getHeaders().get("Proxy-Authorization"))
          .isEqualTo(basic("pu", PROXY_PASSWORD));
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Every way a secret could leak, under every failure we can provoke. */
  @Test
  void secretsNeverAppearInReasonsDescribeToStringOrMessages() throws Exception {
    String proxyUrl = "http://pu:" + PROXY_PASSWORD + "@127.0.0.1:" + closedPort();
    List<String> shown = new ArrayList<>();
    List<String> secrets =
        List.of(
            PASSWORD,
            TOKEN,
            PROXY_PASSWORD,
            Base64.getEncoder()
                .encodeToString(("probe:" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
            Base64.getEncoder()
                .encodeToString(("pu:" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8)));

    List<Map<String, Object>> configs =
        List.of(
            opts("url", server.url("/w").toString(), "username", "probe", "password", PASSWORD),
            opts("url", server.url("/w").toString(), "bearer_token", TOKEN),
            opts(
                "url",
                "http://127.0.0.1:" + closedPort() + "/w",
                "username",
                "probe",
                "password",
                PASSWORD),
            opts("url", "http://vm.invalid/w", "bearer_token", TOKEN, "proxy_url", proxyUrl),
            opts(
                "url",
                "https://127.0.0.1:" + server.getPort() + "/w",
                "username",
                "probe",
                "password",
                PASSWORD),
            opts(
                "url",
                server.url("/w").toString() + "?access_token=" + TOKEN,
                "bearer_token",
                TOKEN));
    String basicValue = secrets.get(3);
    // what each receiver echoes back: the credentials that destination sent (as some proxies and
    // gateways do); a destination cannot know another one's secrets
    List<String> echoes =
        List.of(
            PASSWORD + " Basic " + basicValue + " probe:" + PASSWORD,
            "Authorization: Bearer " + TOKEN,
            PASSWORD,
            TOKEN + " " + PROXY_PASSWORD + " " + secrets.get(4),
            PASSWORD,
            "access_token=" + TOKEN);
    for (int i = 0; i < configs.size(); i++) {
      Map<String, Object> config = configs.get(i);
      String echo = echoes.get(i);
      DestinationSpec spec = configure(config);
      shown.add(spec.describe());
      shown.add(spec.toString());
      try (Destination d = spec.open()) {
        shown.add(d.toString());
        boolean answered = ((String) config.get("url")).startsWith(server.url("/").toString());
        for (MockResponse response :
            List.of(
                new MockResponse.Builder().code(401).body("denied: " + echo).build(),
                new MockResponse.Builder().code(500).body("failed for " + echo).build(),
                new MockResponse.Builder()
                    .code(302)
                    .setHeader("Location", "http://probe:" + PASSWORD + "@x/?t=" + echo)
                    .build())) {
          if (answered) {
            server.enqueue(response); // only destinations that reach the mock consume answers
          }
          shown.add(d.send(BATCH).reason());
        }
      }
    }
    // config errors
    configure(
        opts(
            "url",
            "http://probe:" + PASSWORD + "@vm/w",
            "password_file",
            "/x",
            "password",
            PASSWORD));
    shown.addAll(problems.errors());
    shown.addAll(problems.warnings());
    // exception messages from file-backed secrets
    try {
      Secret.file("password_file", dir.resolve("missing")).value();
    } catch (IOException e) {
      shown.add(e.getMessage());
    }

    assertThat(shown).allSatisfy(s -> assertThat(s).doesNotContain(secrets));
    assertThat(String.join("\n", shown)).contains("HTTP 401", "connection failed", "TLS", "***");
  }
}
