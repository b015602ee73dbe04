package dev.sentinel.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.metrics.Readiness;
import dev.sentinel.core.metrics.SelfMetrics;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private static final AtomicBoolean ready = new AtomicBoolean(true);
  private static SelfMetrics metrics;
  private static MetricsServer server;
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    metrics = new SelfMetrics("test");
    server =
        MetricsServer.start(
            "127.0.0.1:0",
            metrics.registry(),
            () ->
                ready.get()
                    ? new Readiness.Report(true, List.of("vm: ok (last delivery 3s ago)"))
                    : new Readiness.Report(
                        false, List.of("vm: failing for 1m18s: connection refused")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(2))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A client that sends part of a request and then waits, holding its connection. */
  private static Socket slowClient() throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    OutputStream out = s.getOutputStream();
    out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  @Test
  void slowClientsDoNotHoldTheOthersAndAreCutOff() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        slow.add(slowClient());
      }
      Thread.sleep(200); // let the server start reading them
      long start = System.nanoTime();
      assertThat(get("/healthz").statusCode()).isEqualTo(200);
      assertThat(get("/metrics").body()).contains("sentinel_build_info");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      // Each slow client is disconnected once its request has taken too long.
      Socket first = slow.get(0);
      first.setSoTimeout((MetricsServer.REQUEST_SECONDS + 5) * 1000);
      InputStream in = first.getInputStream();
      long waited = System.nanoTime();
      assertThat(in.read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - waited))
          .isLessThan(Duration.ofSeconds(MetricsServer.REQUEST_SECONDS + 3));
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void readyzSaysWhetherEveryDestinationIsTakingData() throws Exception {
    ready.set(true);
    HttpResponse<String> ok = get("/readyz");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("ready\nvm: ok (last delivery 3s ago)\n");
    ready.set(false);
    HttpResponse<String> failing = get("/readyz");
    assertThat(failing.statusCode()).isEqualTo(503);
    assertThat(failing.body()).isEqualTo("not ready\nvm: failing for 1m18s: connection refused\n");
    assertThat(get("/healthz").statusCode())
        .as("liveness does not depend on delivery")
        .isEqualTo(200);
  }

  @Test
  void processAndJvmMetricsAreServed() throws Exception {
    String body = get("/metrics").body();
    assertThat(body)
        .contains(
            "process_resident_memory_bytes ",
            "process_cpu_seconds_total ",
            "jvm_memory_bytes_used{area=\"heap\",}",
            "jvm_threads_current ",
            "jvm_gc_collection_seconds_count{");
  }
}
