package dev.sentinel.app.status;

import com.sun.net.httpserver.HttpExchange;
import dev.sentinel.app.reload.Reloader;
import dev.sentinel.core.SentinelVersion;
import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.engine.Engine;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/status} (the agent, every task, every destination) and {@code GET
 * /api/v1/history?task=ID} (a task's targets' history), as documented in docs/operations.md. The
 * status page reads them; so can scripts.
 */
public final class StatusApi {
  private final Engine engine;
  private final StatusBoard board;
  private final Reloader reloader;
  private final Supplier<Map<String, String>> runtimeInfo;
  private final String configPath;
  private final long startedMs;
  private final Clock clock;

  public StatusApi(
      Engine engine,
      StatusBoard board,
      Reloader reloader,
      Supplier<Map<String, String>> runtimeInfo,
      String configPath,
      long startedMs,
      Clock clock) {
    this.engine = engine;
    this.board = board;
    this.reloader = reloader;
    this.runtimeInfo = runtimeInfo;
    this.configPath = configPath;
    this.startedMs = startedMs;
    this.clock = clock;
  }

  /** Serves {@code /api/v1/status} and {@code /api/v1/history}. */
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "{\"error\":\"method not allowed\"}");
        return;
      }
      String body;
      int status = 200;
      if (path.equals("/api/v1/status")) {
        body = status();
      } else if (path.equals("/api/v1/history")) {
        String task = query(ex.getRequestURI().getRawQuery()).get("task");
        body = task == null ? null : board.historyJson(task);
        if (body == null) {
          status = 404;
          body = "{\"error\":\"unknown task; use ?task=<task id>\"}";
        }
      } else {
        status = 404;
        body = "{\"error\":\"not found\"}";
      }
      send(ex, status, body);
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      ex.getResponseBody().write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Map.of();
    }
    return java.util.Arrays.stream(raw.split("&"))
        .map(p -> p.split("=", 2))
        .filter(p -> p.length == 2)
        .collect(
            Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8),
                (a, b) -> a));
  }

  /** The whole status document. */
  public String status() {
    SentinelConfig c = engine.config();
    long now = clock.millis();
    JsonOut out = new JsonOut();
    out.begin().key("agent").begin();
    out.field("sentinel", c.identity().name())
        .field("region", c.identity().region())
        .field("version", SentinelVersion.get())
        .field("started_at", startedMs / 1000.0)
        .field("uptime_seconds", (now - startedMs) / 1000.0)
        .field("config_path", configPath);
    String method = runtimeInfo.get().get("ping_method");
    if (method == null) {
      out.nullField("ping_method");
    } else {
      out.field("ping_method", method);
    }
    Reloader.State r = reloader.state();
    out.key("reload")
        .begin()
        .field("time", r.timeMs() / 1000.0)
        .field("successful", r.successful())
        .field("trigger", r.trigger())
        .field("message", r.message());
    strings(out, "problems", r.problems());
    strings(out, "restart_required", r.restartRequired());
    out.end();
    Engine.BufferStatus b = engine.bufferStatus();
    out.key("buffer")
        .begin()
        .field("type", b.type())
        .field("samples", (double) b.samples())
        .field("bytes", b.bytes() < 0 ? Double.NaN : b.bytes())
        .field("max_bytes", b.maxBytes() <= 0 ? Double.NaN : b.maxBytes())
        .end();
    out.end();
    List<TaskConfig> tasks = engine.tasks();
    board.retain(tasks.stream().map(TaskConfig::id).collect(Collectors.toSet()));
    out.key("tasks").beginArray();
    for (TaskConfig t : tasks) {
      board.taskJson(out, t);
    }
    out.endArray();
    out.key("destinations").beginArray();
    for (Engine.DestinationStatus d : engine.destinationStatus()) {
      out.begin()
          .field("name", d.name())
          .field("target", d.target())
          .field("pending", (double) d.pending())
          .field("oldest_unsent_age_seconds", d.oldestUnsentAgeSeconds())
          .field(
              "last_success",
              d.lastSuccessMillis() < 0 ? Double.NaN : d.lastSuccessMillis() / 1000.0)
          .field("last_error", d.lastError())
          .field(
              "failing_since",
              d.failingSinceMillis() < 0 ? Double.NaN : d.failingSinceMillis() / 1000.0);
      out.key("dropped").begin();
      d.dropped().forEach((reason, n) -> out.field(reason, n));
      out.end().end();
    }
    out.endArray().end();
    return out.toString();
  }

  private static void strings(JsonOut out, String name, List<String> values) {
    out.key(name).beginArray();
    values.forEach(out::element);
    out.endArray();
  }
}
