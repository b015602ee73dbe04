package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.testing.VictoriaMetricsServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads that used to lose data silently with the defaults: many targets, too few workers. */
class LoadIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private String metrics(int port) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** One task, 1000 loopback targets, 3 echoes each every 15 s: about 12,000 samples a run. */
  @Test
  void aThousandTargetsArriveWholeWithTheDefaultBuffer(@TempDir Path dir) throws Exception {
    StringBuilder targets = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      targets
          .append(i == 0 ? "" : ", ")
          .append("127.1.")
          .append(i / 250)
          .append('.')
          .append(i % 250 + 1);
    }
    try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
      int port = EndToEndIT.freePort();
      Path config =
          Files.writeString(
              dir.resolve("config.yaml"),
              """
              sentinel: {name: load}
              sender:
                direct:
                  victoria_metrics: {enabled: true, url: "%s"}
              tasks:
                - {id: wan, plugin: ping, interval: 15s, config: {count: 3, targets: [%s]}}
              logging: {output: file, file_path: %s}
              self_metrics: {listen: "127.0.0.1:%d"}
              """
                  .formatted(vm.writeUrl(), targets, dir.resolve("sentinel.log"), port));
      SentinelProcess.Result check = SentinelProcess.run(dir, "check", "-c", config.toString());
      assertThat(check.output()).doesNotContain("warning").contains("buffer memory 240020 samples");
      try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
        Set<String> hosts = new TreeSet<>();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  hosts.clear();
                  vm.export("{__name__=\"ping_packet_loss\"}")
                      .forEach(s -> hosts.add(s.metric().get("host")));
                  return hosts.size() == 1000;
                });
        assertThat(
                metrics(port).lines().filter(l -> l.startsWith("sentinel_samples_dropped_total")))
            .isEmpty();
        assertThat(daemon.terminate()).isZero();
      }
      assertThat(Files.readString(dir.resolve("sentinel.log"))).doesNotContain("Buffer full");
    }
  }

  /**
   * Two workers, three http tasks whose server never answers (each run waits out its timeout), and
   * a ping canary every 5 s: check says the pool is short, and the canary still gets its turns.
   */
  @Test
  void tooFewWorkersStarveNoTask(@TempDir Path dir) throws Exception {
    try (LoopbackTargets targets = LoopbackTargets.start()) {
      ServerSocket silent = targets.silent;
      Path samples = dir.resolve("samples.jsonl");
      StringBuilder tasks = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        tasks
            .append("  - {id: slow-")
            .append(i)
            .append(", plugin: http, interval: 15s, config: {url: \"http://127.0.0.1:")
            .append(silent.getLocalPort())
            .append("/\"}}\n");
      }
      Path config =
          Files.writeString(
              dir.resolve("config.yaml"),
              """
              sentinel: {name: pool}
              collector: {worker_pool_size: 2}
              sender:
                flush_interval: 1s
                direct:
                  file: {enabled: true, path: %s}
              tasks:
                - {id: canary, plugin: ping, interval: 5s, config: {host: 127.0.0.1, count: 1}}
              %slogging: {output: file, file_path: %s}
              self_metrics: {listen: ""}
              """
                  .formatted(samples, tasks, dir.resolve("sentinel.log")));
      SentinelProcess.Result check = SentinelProcess.run(dir, "check", "-c", config.toString());
      assertThat(check.exitCode()).isZero();
      assertThat(check.output())
          .contains("collector.worker_pool_size: 2 workers cannot keep up when targets are down");
      try (SentinelProcess daemon = SentinelProcess.start(dir, "start", "-c", config.toString())) {
        // A fixed window whose runs are counted. Behind runs of 14.5 s the canary gets a turn about
        // every 15 s, its first one up to 15 s after the start: 55 s hold at least three.
        Thread.sleep(55_000);
        assertThat(daemon.terminate()).isZero();
      }
      // The pool cannot keep up (check said so): the canary waits its turn behind runs that hold a
      // worker for 14.5 s, but it is never starved (it used to run zero times), and what could not
      // start on time is logged.
      assertThat(SoakIT.statuses(samples, "canary"))
          .as("canary runs in 55 s")
          .hasSizeGreaterThanOrEqualTo(3)
          .allSatisfy(s -> assertThat(s[1]).isEqualTo(1));
      assertThat(Files.readString(dir.resolve("sentinel.log")))
          .contains(
              "\"msg\":\"Task run skipped: the previous run is still waiting for a free worker")
          .contains("\"msg\":\"Task run started late\",\"task_id\":\"canary\"");
      for (int i = 0; i < 3; i++) {
        assertThat(SoakIT.statuses(samples, "slow-" + i))
            .as("slow-%d runs", i)
            .hasSizeGreaterThanOrEqualTo(1);
      }
    }
  }
}
