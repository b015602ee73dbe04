package dev.sentinel.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticAssetsTest {
  private static MetricsServer server;
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    server = MetricsServer.start("127.0.0.1:0", new CollectorRegistry());
    StaticAssets.register(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(
        request.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(request(path));
  }

  @ParameterizedTest
  @CsvSource({
    "/, text/html; charset=utf-8, <script src=\"assets/status.js\"",
    "/assets/status.js, text/javascript; charset=utf-8, api/v1/status",
    "/assets/status.css, text/css; charset=utf-8, --loss-0",
    "/assets/favicon.svg, image/svg+xml, <svg",
    "/assets/uPlot.iife.min.js, text/javascript; charset=utf-8, uPlot",
    "/assets/uPlot.min.css, text/css; charset=utf-8, .uplot"
  })
  void servesThePageAndItsAssetsWithTheirTypesAndAStrictPolicy(
      String path, String type, String content) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(type);
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(r.headers().firstValue("ETag")).isPresent();
    assertThat(r.body()).contains(content);
  }

  @Test
  void anUnchangedAssetIsRevalidatedWith304() throws Exception {
    String etag = get("/assets/status.js").headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> r = send(request("/assets/status.js").header("If-None-Match", etag));
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    HttpResponse<String> stale =
        send(request("/assets/status.js").header("If-None-Match", "\"0123456789abcdef\""));
    assertThat(stale.statusCode()).isEqualTo(200);
  }

  @Test
  void headAnswersLikeGetWithoutTheBody() throws Exception {
    HttpResponse<String> get = get("/assets/uPlot.iife.min.js");
    HttpResponse<String> head =
        send(
            request("/assets/uPlot.iife.min.js")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(get.body().length()));
    assertThat(head.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/index.html",
        "/nothing",
        "/assets/",
        "/assets/index.html",
        "/assets/../index.html",
        "/assets/%2e%2e/status.js",
        "/assets/status.js/x",
        "/assets/META-INF/MANIFEST.MF",
        "/api"
      })
  void anythingElseIsNotFound(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
  void onlyGetAndHeadAreAllowed(String method) throws Exception {
    HttpResponse<String> r =
        send(request("/assets/status.js").method(method, HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(send(request("/").method(method, HttpRequest.BodyPublishers.noBody())).statusCode())
        .isEqualTo(405);
  }

  @Test
  void theListenersOwnPagesStayReachable() throws Exception {
    assertThat(get("/healthz").body()).isEqualTo("ok\n");
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }
}
