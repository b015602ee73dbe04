package dev.sentinel.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A Prometheus exporter of the test's own on a free loopback port (the JDK's HTTP server): {@code
 * GET /metrics} answers what {@link #serve} set, with its Content-Type, behind optional basic
 * authentication (401 without the right credentials). It counts requests, and can serve a body made
 * per request from the request's number ({@link #serveCounter}: a counter that goes up by one on
 * every scrape). {@link #KNOWN_SERIES} is an exposition with the text format's edge cases.
 *
 * <pre>{@code
 * try (TestExporter e = TestExporter.start("scraper", "s3cret")) {
 *   e.serve(TestExporter.knownSeries(ts), TestExporter.TEXT);
 *   ... scrape e.address() ...
 * }
 * }</pre>
 */
public final class TestExporter implements AutoCloseable {
  /** The Prometheus text format's Content-Type. */
  public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** OpenMetrics' Content-Type (a body must end with {@code # EOF}). */
  public static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private record Content(LongFunction<String> body, String contentType) {}

  private final HttpServer server;
  private final ExecutorService threads;
  private final String authorization;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong unauthorized = new AtomicLong();
  private volatile Content content = new Content(n -> "", TEXT);

  private TestExporter(String username, String password) throws IOException {
    authorization =
        username == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    threads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "test-exporter-" + server.getAddress().getPort());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/metrics", this::handle);
    server.start();
  }

  /** An exporter without authentication. */
  public static TestExporter start() {
    return start(null, null);
  }

  /** An exporter that answers only requests with these basic-auth credentials (null: any). */
  public static TestExporter start(String username, String password) {
    try {
      return new TestExporter(username, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test exporter", e);
    }
  }

  /** Serves {@code body} with {@code contentType} from now on. */
  public void serve(String body, String contentType) {
    content = new Content(n -> body, contentType);
  }

  /**
   * From now on serves the body {@code body} makes of the number of the answer: 1 for the first
   * this exporter serves (since it started), 2 for the next, and so on.
   */
  public void serve(LongFunction<String> body, String contentType) {
    content = new Content(body, contentType);
  }

  /**
   * Serves one OpenMetrics counter, {@code <name>_total}, whose value is the number of the answer:
   * it increases by one on every request served.
   */
  public void serveCounter(String name) {
    serve(
        n ->
            "# HELP "
                + name
                + " Requests this exporter served.\n# TYPE "
                + name
                + " counter\n"
                + name
                + "_total "
                + n
                + "\n# EOF\n",
        OPENMETRICS);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      if (authorization != null
          && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        unauthorized.incrementAndGet();
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"exporter\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      Content c = content;
      byte[] body;
      synchronized (served) {
        body = c.body().apply(served.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", c.contentType());
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Requests received, answered or refused. */
  public long requests() {
    return requests.get();
  }

  /** Requests answered 200 (the counter {@link #serveCounter} serves is this number). */
  public long served() {
    return served.get();
  }

  /** Requests refused for missing or wrong credentials. */
  public long unauthorized() {
    return unauthorized.get();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code 127.0.0.1:port}: a scrape target. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** {@code http://127.0.0.1:port/metrics}. */
  public String url() {
    return "http://" + address() + "/metrics";
  }

  /** Stops listening and closes every connection: the target is down from now on. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /**
   * The text format's edge cases, one series each unless said (20 samples): label values with the
   * three escapes ({@code \\ \" \n}); NaN, +Inf and -Inf; a sample with its own timestamp {@code
   * timestampMs}; a histogram (3 buckets, _sum, _count); a summary (2 quantiles, _sum, _count); a
   * counter; an untyped metric; a label with an empty value (absent once read); {@code
   * debug_metric} and {@code renamed_label{old_name="v"}} for metric_relabel rules; and {@code
   * clashing} with labels {@code job} and {@code instance} of its own (they become {@code
   * exported_job}/{@code exported_instance} without honor_labels).
   */
  public static String knownSeries(long timestampMs) {
    return KNOWN_SERIES.replace("@TS@", Long.toString(timestampMs));
  }

  /** {@link #knownSeries} with {@code @TS@} where the timestamp goes. */
  public static final String KNOWN_SERIES =
      """
      # HELP escaped_labels Label values with every escape.
      # TYPE escaped_labels gauge
      escaped_labels{path="C:\\\\dir\\\\file",quote="say \\"hi\\"",multi="line1\\nline2"} 1
      # HELP special_values NaN and the infinities.
      # TYPE special_values gauge
      special_values{kind="nan"} NaN
      special_values{kind="pos_inf"} +Inf
      special_values{kind="neg_inf"} -Inf
      # TYPE explicit_timestamp gauge
      explicit_timestamp 7 @TS@
      # HELP http_request_duration_seconds A histogram.
      # TYPE http_request_duration_seconds histogram
      http_request_duration_seconds_bucket{le="0.1"} 3
      http_request_duration_seconds_bucket{le="0.5"} 5
      http_request_duration_seconds_bucket{le="+Inf"} 6
      http_request_duration_seconds_sum 2.5
      http_request_duration_seconds_count 6
      # HELP rpc_duration_seconds A summary.
      # TYPE rpc_duration_seconds summary
      rpc_duration_seconds{quantile="0.5"} 0.25
      rpc_duration_seconds{quantile="0.99"} 1.5
      rpc_duration_seconds_sum 40.5
      rpc_duration_seconds_count 100
      # HELP jobs_processed_total A counter.
      # TYPE jobs_processed_total counter
      jobs_processed_total{queue="default"} 1234
      untyped_metric 3.25
      # TYPE empty_label gauge
      empty_label{gone="",kept="yes"} 2
      # TYPE debug_metric gauge
      debug_metric 99
      # TYPE renamed_label gauge
      renamed_label{old_name="v"} 5
      # TYPE clashing gauge
      clashing{job="inner",instance="elsewhere:1"} 8
      """;
}
