package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never appear in logs or {@code check} output, even when every destination fails and a
 * hostile receiver echoes the Authorization header back in its error body.
 */
class SecretsIT {
  private static final String PASSWORD = "pa55-Wr0ng-horse-battery";
  private static final String TOKEN = "tok-9f8e7d6c5b4a-bearer";
  private static final String FILE_PASSWORD = "from-file-s3cret-77";

  @Test
  void secretsNeverReachLogsOrCheckOutput(@TempDir Path dir) throws Exception {
    HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    echo.createContext(
        "/",
        ex -> {
          byte[] body =
              ("unauthorized: you sent " + ex.getRequestHeaders().getFirst("Authorization"))
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(401, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    echo.start();
    try {
      int closed = EndToEndIT.freePort();
      Path passwordFile = dir.resolve("pgw-password");
      Files.writeString(passwordFile, FILE_PASSWORD + "\n");
      Path config = dir.resolve("config.yaml");
      Files.writeString(
          config,
          """
          sentinel: {name: secrets}
          sender:
            flush_interval: 1s
            retry: {min_backoff: 100ms, max_backoff: 500ms}
            direct:
              victoria_metrics: {enabled: true, url: "http://127.0.0.1:%d/api/v1/write", username: ops, password: "%s"}
              prometheus: {enabled: true, url: "http://127.0.0.1:%d/api/v1/write", bearer_token: "%s"}
              pushgateway: {enabled: true, url: "http://127.0.0.1:%d", username: ops, password_file: %s}
          tasks:
            - {id: p, plugin: ping, interval: 1s, config: {host: 127.0.0.1, count: 1}}
          logging: {level: debug, output: both, file_path: %s}
          self_metrics: {listen: ""}
          """
              .formatted(
                  echo.getAddress().getPort(),
                  PASSWORD,
                  closed,
                  TOKEN,
                  echo.getAddress().getPort(),
                  passwordFile,
                  dir.resolve("sentinel.log")));

      SentinelProcess.Result check = SentinelProcess.run(dir, "check", "-c", config.toString());
      assertThat(check.exitCode()).as(check.output()).isZero();
      assertNoSecret(check.output());

      try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () -> {
                  String log = Files.readString(dir.resolve("sentinel.log"));
                  return List.of("victoria_metrics", "prometheus", "pushgateway").stream()
                      .allMatch(d -> log.contains("Failed to write to " + d));
                });
        assertThat(daemon.terminate()).isZero();
        assertNoSecret(daemon.output());
      }
      String log = Files.readString(dir.resolve("sentinel.log"));
      assertThat(log).contains("HTTP 401");
      assertNoSecret(log);
    } finally {
      echo.stop(0);
    }
  }

  private static void assertNoSecret(String text) {
    String basic =
        Base64.getEncoder().encodeToString(("ops:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    String basicFile =
        Base64.getEncoder()
            .encodeToString(("ops:" + FILE_PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(text)
        .doesNotContain(PASSWORD)
        .doesNotContain(TOKEN)
        .doesNotContain(FILE_PASSWORD)
        .doesNotContain(basic)
        .doesNotContain(basicFile);
  }
}
