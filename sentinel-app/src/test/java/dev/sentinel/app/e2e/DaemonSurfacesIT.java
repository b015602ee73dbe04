package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.app.e2e.SentinelProcess.Launch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon does with signals, paths it cannot write, and a heap it runs out of. */
class DaemonSurfacesIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private static String config(Path dir, int port) {
    return """
    sentinel: {name: surfaces}
    sender:
      flush_interval: 1s
      direct:
        file: {enabled: true, path: %s}
    tasks:
      - {id: lo, plugin: ping, interval: 1s, config: {host: 127.0.0.1, count: 1}}
    logging: {output: file, file_path: %s}
    self_metrics: {listen: "127.0.0.1:%d"}
    """
        .formatted(dir.resolve("samples.jsonl"), dir.resolve("sentinel.log"), port);
  }

  private static void signal(Process p, String name) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor())
        .isZero();
  }

  @Test
  void sighupReloadsAndSigusr1StopsGracefully(@TempDir Path dir) throws Exception {
    int port = EndToEndIT.freePort();
    Path config = Files.writeString(dir.resolve("config.yaml"), config(dir, port));
    Path log = dir.resolve("sentinel.log");
    try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + port + "/healthz"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 200);
      signal(daemon.process(), "HUP");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  Files.readString(log)
                      .contains(
                          "\"msg\":\"Config reloaded: tasks: 1 kept, 0 changed, 0 added, 0"
                              + " removed;"));
      assertThat(daemon.process().waitFor(2, TimeUnit.SECONDS))
          .as("still running after SIGHUP")
          .isFalse();
      signal(daemon.process(), "USR1");
      assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(daemon.process().exitValue()).isZero();
    }
    String text = Files.readString(log);
    assertThat(text)
        .contains("\"msg\":\"Received signal\",\"signal\":\"SIGUSR1\"")
        .contains("\"msg\":\"Sender stopped\"");
  }

  @Test
  void runningOutOfHeapEndsTheProcessSoItsSupervisorRestartsIt(@TempDir Path dir) throws Exception {
    // 100,000 ping targets cannot even be read into 8 MiB of heap.
    StringBuilder yaml =
        new StringBuilder(
            "tasks:\n"
                + "  - id: huge\n"
                + "    plugin: ping\n"
                + "    interval: 10s\n"
                + "    config:\n"
                + "      targets:\n");
    for (int i = 0; i < 100_000; i++) {
      yaml.append("        - 10.")
          .append(i >> 16 & 255)
          .append('.')
          .append(i >> 8 & 255)
          .append('.')
          .append(i & 255)
          .append('\n');
    }
    yaml.append("self_metrics: {listen: \"\"}\nlogging: {output: stdout}\n");
    Path config = Files.writeString(dir.resolve("config.yaml"), yaml);
    SentinelProcess.Result r =
        SentinelProcess.run(
            dir,
            new Launch(List.of(), Map.of("JAVA_OPTS", "-Xmx8m -XX:+UseSerialGC")),
            "start",
            "-c",
            config.toString());
    assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
    assertThat(r.output()).contains("Terminating due to java.lang.OutOfMemoryError");
  }

  /**
   * As a user who cannot write where the config points (a root-owned tree), {@code check} and
   * {@code start} name each path and exit 2 — before any "Destination ready".
   */
  @Test
  void pathsThatCannotBeWrittenAreNamedByCheckAndStart(@TempDir Path dir) throws Exception {
    Path lib = SentinelProcess.librariesForAnyUser(dir);
    Path rootOnly = Files.createDirectories(dir.resolve("root-only"));
    Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            buffer: {type: disk, disk_path: %s}
            sender:
              direct:
                file: {enabled: true, path: %s}
            tasks:
              - {id: lo, plugin: ping, interval: 10s, config: {host: 127.0.0.1}}
            logging: {output: both, file_path: %s}
            self_metrics: {listen: ""}
            """
                .formatted(
                    rootOnly.resolve("spool"),
                    rootOnly.resolve("data/samples.jsonl"),
                    rootOnly.resolve("logs/sentinel.log")));
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    for (String command : List.of("check", "start")) {
      Process p =
          new ProcessBuilder(
                  "setpriv",
                  "--reuid=65534",
                  "--regid=65534",
                  "--clear-groups",
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  lib + "/*",
                  "dev.sentinel.app.cli.Main",
                  command,
                  "-c",
                  config.toString())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(output).isEqualTo(2);
      assertThat(output.lines())
          .as(command)
          .containsExactlyInAnyOrder(
              config
                  + ":1: buffer.disk_path: cannot write "
                  + rootOnly.resolve("spool")
                  + ": Permission denied (cannot create it in "
                  + rootOnly
                  + ")",
              config
                  + ":4: sender.direct.file.path: cannot write "
                  + rootOnly.resolve("data/samples.jsonl")
                  + ": Permission denied (cannot create it in "
                  + rootOnly
                  + ")",
              config
                  + ":7: logging.file_path: cannot write "
                  + rootOnly.resolve("logs/sentinel.log")
                  + ": Permission denied (cannot create it in "
                  + rootOnly
                  + ")");
    }
  }

  @Test
  void aSecondSentinelOnTheSameSpoolNamesTheSpool(@TempDir Path dir) throws Exception {
    String spool = "buffer: {type: disk, disk_path: " + dir.resolve("spool") + "}\n";
    Path first =
        Files.writeString(dir.resolve("first.yaml"), spool + config(dir, EndToEndIT.freePort()));
    Path second =
        Files.writeString(
            dir.resolve("second.yaml"),
            spool
                + config(dir, EndToEndIT.freePort())
                    .replace(
                        dir.resolve("sentinel.log").toString(),
                        dir.resolve("second.log").toString()));
    try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", first.toString())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Files.exists(dir.resolve("sentinel.log"))
                      && Files.readString(dir.resolve("sentinel.log"))
                          .contains("Sentinel started"));
      Path other = Files.createDirectories(dir.resolve("other"));
      SentinelProcess.Result r = SentinelProcess.run(other, "start", "-c", second.toString());
      assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
      assertThat(r.output().lines())
          .containsExactly(
              second
                  + ": buffer.disk_path: spool directory "
                  + dir.resolve("spool")
                  + " is in use by another process");
      assertThat(daemon.terminate()).isZero();
    }
  }

  /** Through the launcher, whose daemon heap (256 MiB) check also gets. */
  @Test
  void aMemoryBufferTheHeapCannotHoldIsRefusedByCheck(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            "buffer:\n  size: 5000000\n"
                + "tasks:\n  - {id: lo, plugin: ping, interval: 10s, config: {host: 127.0.0.1}}\n");
    SentinelProcess.Result r = SentinelProcess.run(dir, "check", "-c", config.toString());
    assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
    assertThat(r.output().lines())
        .singleElement()
        .asString()
        .startsWith(
            config
                + ":2: buffer.size: 5000000 samples need about 672MiB of memory (about 141 bytes"
                + " each), but the buffer may use 99MiB (40% of this JVM's 248MiB heap)");
  }
}
