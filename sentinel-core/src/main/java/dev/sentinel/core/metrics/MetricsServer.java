package dev.sentinel.core.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** Serves {@code /metrics} (Prometheus text format) and {@code /healthz} on the listen address. */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Binds {@code host:port}; throws IOException (e.g. address in use) with the address named. */
  public static MetricsServer start(String listen, CollectorRegistry registry) throws IOException {
    int colon = listen.lastIndexOf(':');
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(listen.substring(colon + 1));
    InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    server.createContext("/metrics", ex -> metrics(ex, registry));
    server.createContext("/healthz", MetricsServer::health);
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "self-metrics-http");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new MetricsServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void metrics(HttpExchange ex, CollectorRegistry registry) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE_004);
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      try (Writer w = new OutputStreamWriter(body, StandardCharsets.UTF_8)) {
        TextFormat.write004(w, registry.metricFamilySamples());
      }
      ex.sendResponseHeaders(200, body.size());
      ex.getResponseBody().write(body.toByteArray());
    }
  }

  private static void health(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
