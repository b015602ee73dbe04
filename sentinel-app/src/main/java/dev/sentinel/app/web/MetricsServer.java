package dev.sentinel.app.web;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.sentinel.core.metrics.Readiness;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /healthz} (the process is up and
 * answering) and {@code /readyz} (every destination is taking data). Requests are served by a few
 * threads at once, and a client that does not finish sending its request within {@link
 * #REQUEST_SECONDS} is disconnected, so one slow or stuck client cannot hold the others. A {@link
 * WebConfig} makes it HTTPS and puts every route, also those added later with {@link #route},
 * behind Basic authentication.
 */
public final class MetricsServer implements AutoCloseable {
  /** Requests served at once; threads are made as needed and end after a minute idle. */
  static final int THREADS = 16;

  static final int REQUEST_SECONDS = 10;

  static {
    // Read once by the JDK's server when its first instance is made: the limit on reading a
    // request and on writing its response (default: none).
    System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
    System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(REQUEST_SECONDS));
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final BasicAuth auth; // null: no authentication

  private MetricsServer(HttpServer server, ExecutorService executor, BasicAuth auth) {
    this.server = server;
    this.executor = executor;
    this.auth = auth;
  }

  /** Binds {@code host:port}; throws IOException (e.g. address in use) with the address named. */
  public static MetricsServer start(String listen, CollectorRegistry registry) throws IOException {
    return start(listen, registry, Readiness.ALWAYS);
  }

  public static MetricsServer start(String listen, CollectorRegistry registry, Readiness readiness)
      throws IOException {
    return start(listen, registry, readiness, WebConfig.NONE);
  }

  /** As above, with {@code web}'s TLS and authentication. */
  public static MetricsServer start(
      String listen, CollectorRegistry registry, Readiness readiness, WebConfig web)
      throws IOException {
    int colon = listen.lastIndexOf(':');
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(listen.substring(colon + 1));
    InetSocketAddress address =
        host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    HttpServer server;
    try {
      if (web.tls().isPresent()) {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(web.tls().get().configurator());
        server = https;
      } else {
        server = HttpServer.create(address, 64);
      }
    } catch (IOException e) {
      throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "self-metrics-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    MetricsServer m = new MetricsServer(server, executor, web.auth().orElse(null));
    m.route("/metrics", ex -> metrics(ex, registry));
    m.route("/healthz", ex -> text(ex, 200, "ok\n"));
    m.route("/readyz", ex -> ready(ex, readiness));
    server.start();
    return m;
  }

  /**
   * Serves {@code path} (and everything under it) with {@code handler}, behind the listener's
   * authentication when it has one.
   */
  public MetricsServer route(String path, HttpHandler handler) {
    HttpContext context = server.createContext(path, handler);
    if (auth != null) {
      context.setAuthenticator(auth);
    }
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void metrics(HttpExchange ex, CollectorRegistry registry) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE_004);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try (Writer w = new OutputStreamWriter(body, StandardCharsets.UTF_8)) {
        TextFormat.write004(w, registry.metricFamilySamples());
      }
      ex.sendResponseHeaders(200, body.size());
      ex.getResponseBody().write(body.toByteArray());
    }
  }

  private static void ready(HttpExchange ex, Readiness readiness) throws IOException {
    Readiness.Report r = readiness.check();
    StringBuilder body = new StringBuilder(r.ready() ? "ready\n" : "not ready\n");
    r.lines().forEach(l -> body.append(l).append('\n'));
    text(ex, r.ready() ? 200 : 503, body.toString());
  }

  private static void text(HttpExchange ex, int status, String text) throws IOException {
    try (ex) {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
