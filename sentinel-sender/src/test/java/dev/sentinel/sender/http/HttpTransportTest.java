package dev.sentinel.sender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SendResult.Status;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.sender.remotewrite.RemoteWriteDestination;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status classification and request headers against a local MockWebServer. */
class HttpTransportTest {
  private static final String PASSWORD = "Pa55-w0rd-xyz";
  private static final String BASIC =
      Base64.getEncoder().encodeToString(("probe:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final SenderDefaults DEFAULTS =
      new SenderDefaults(Duration.ofMillis(800), "Sentinel/9.9.9");
  private static final List<Sample> BATCH =
      List.of(
          Sample.gauge("ping_rtt_ms", Labels.of("target", "a"), 0.5, System.currentTimeMillis()));

  private MockWebServer server;
  private RemoteWriteDestination destination;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    destination = destinationFor(URI.create(server.url("/api/v1/write").toString()));
  }

  @AfterEach
  void stop() {
    destination.close();
    server.close();
  }

  private static RemoteWriteDestination destinationFor(URI url) {
    HttpOptions options =
        new HttpOptions(url, "probe", PASSWORD, Map.of("X-Scope-OrgID", "tenant-1"));
    return new RemoteWriteDestination("victoria_metrics", options, DEFAULTS);
  }

  private SendResult respond(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).body(body).build());
    return destination.send(BATCH);
  }

  private static void assertNoSecret(SendResult r) {
    assertThat(r.reason()).doesNotContain(PASSWORD).doesNotContain(BASIC).doesNotContain("\n");
  }

  @Test
  void sendsProtocolHeadersUserAgentBasicAuthAndCustomHeaders() throws Exception {
    SendResult r = respond(204, "");
    assertThat(r).isEqualTo(SendResult.DELIVERED);

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/api/v1/write");
    assertThat(request.getHeaders().get("Content-Encoding")).isEqualTo("snappy");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(request.getHeaders().get("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("Sentinel/9.9.9");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic " + BASIC);
    assertThat(request.getHeaders().get("X-Scope-OrgID")).isEqualTo("tenant-1");
    assertThat(request.getBodySize()).isPositive();
  }

  @Test
  void emptyBatchSendsNothing() {
    assertThat(destination.send(List.of())).isEqualTo(SendResult.DELIVERED);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anyTwoHundredIsDelivered() {
    assertThat(respond(200, "ok")).isEqualTo(SendResult.DELIVERED);
  }

  @Test
  void serverErrorIsRetried() {
    SendResult r = respond(500, "label name \"h\" is not unique: invalid sample");
    assertThat(r.status()).isEqualTo(Status.RETRY);
    assertThat(r.reason()).isEqualTo("HTTP 500: label name \"h\" is not unique: invalid sample");
    assertThat(respond(503, "").reason()).isEqualTo("HTTP 503");
  }

  @Test
  void tooManyRequestsIsRetried() {
    SendResult r = respond(429, "slow down");
    assertThat(r.status()).isEqualTo(Status.RETRY);
    assertThat(r.reason()).contains("HTTP 429", "slow down");
  }

  @Test
  void badRequestIsRejectedWithTheBodyTruncated() {
    String body = "out of order sample\n" + "x".repeat(1000);
    SendResult r = respond(400, body);
    assertThat(r.status()).isEqualTo(Status.REJECTED);
    assertThat(r.reason()).startsWith("HTTP 400: out of order sample x");
    assertThat(r.reason().length()).isLessThan(300);
    assertNoSecret(r);
  }

  @Test
  void receiverSwitchedOffIsRetriedWithTheFlagToSet() {
    SendResult r =
        respond(
            404,
            "remote write receiver needs to be enabled with"
                + " --enable-feature=remote-write-receiver\n");
    assertThat(r.status()).isEqualTo(Status.RETRY);
    assertThat(r.reason())
        .isEqualTo(
            "Prometheus remote write receiver is off: start Prometheus with"
                + " --web.enable-remote-write-receiver");
  }

  @Test
  void plainNotFoundIsRejected() {
    SendResult r = respond(404, "404 page not found");
    assertThat(r.status()).isEqualTo(Status.REJECTED);
    assertThat(r.reason()).isEqualTo("HTTP 404: 404 page not found");
  }

  @Test
  void unauthorizedIsRejectedWithoutLeakingCredentialsEchoedByTheServer() {
    SendResult r = respond(401, "bad credentials: Basic " + BASIC + " (probe:" + PASSWORD + ")");
    assertThat(r.status()).isEqualTo(Status.REJECTED);
    assertThat(r.reason()).contains("HTTP 401");
    assertNoSecret(r);
  }

  @Test
  void redirectIsRejectedNotFollowed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .setHeader("Location", "http://u:" + PASSWORD + "@elsewhere/")
            .build());
    SendResult r = destination.send(BATCH);
    assertThat(r.status()).isEqualTo(Status.REJECTED);
    assertThat(r.reason()).contains("HTTP 302", "redirect");
    assertNoSecret(r);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void timeoutIsRetried() {
    server.enqueue(new MockResponse.Builder().code(204).headersDelay(3, TimeUnit.SECONDS).build());
    long start = System.nanoTime();
    SendResult r = destination.send(BATCH);
    assertThat(r.status()).isEqualTo(Status.RETRY);
    assertThat(r.reason()).contains("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertNoSecret(r);
  }

  @Test
  void connectionRefusedIsRetried() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (RemoteWriteDestination d =
        destinationFor(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))) {
      SendResult r = d.send(BATCH);
      assertThat(r.status()).isEqualTo(Status.RETRY);
      assertThat(r.reason()).startsWith("connection failed:");
      assertNoSecret(r);
    }
  }

  @Test
  void classifierCoversTheRanges() {
    assertThat(ResponseClassifier.classify(204, "", null)).isEqualTo(SendResult.DELIVERED);
    assertThat(ResponseClassifier.classify(502, "", null).status()).isEqualTo(Status.RETRY);
    assertThat(ResponseClassifier.classify(409, "dup", null).status()).isEqualTo(Status.REJECTED);
    assertThat(ResponseClassifier.classify(415, "", null).status()).isEqualTo(Status.REJECTED);
    assertThat(ResponseClassifier.classify(new IOException("reset by http://u:p@h/")).reason())
        .isEqualTo("network error: reset by http://***@h/");
    assertThat(ResponseClassifier.excerpt("a".repeat(400))).hasSize(257);
  }
}
