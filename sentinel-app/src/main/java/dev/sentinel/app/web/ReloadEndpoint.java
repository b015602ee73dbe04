package dev.sentinel.app.web;

import com.sun.net.httpserver.HttpExchange;
import dev.sentinel.app.reload.Reloader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /-/reload}, as Prometheus has it: 200 when the new config is applied, 500 with the
 * problems (one per line) when it is refused and the old one keeps running; any other method 405.
 */
public final class ReloadEndpoint {
  private ReloadEndpoint() {}

  public static void handle(HttpExchange ex, Reloader reloader) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().set("Allow", "POST");
        reply(ex, 405, "Only POST reloads the config.\n");
        return;
      }
      Reloader.State s = reloader.reload("http");
      if (s.successful()) {
        StringBuilder body =
            new StringBuilder("config reloaded: ").append(s.message()).append('\n');
        if (!s.restartRequired().isEmpty()) {
          body.append("takes effect at the next restart: ")
              .append(String.join(", ", s.restartRequired()))
              .append('\n');
        }
        reply(ex, 200, body.toString());
      } else {
        StringBuilder body =
            new StringBuilder("config reload failed; the running config is unchanged\n");
        s.problems().forEach(p -> body.append(p).append('\n'));
        reply(ex, 500, body.toString());
      }
    }
  }

  private static void reply(HttpExchange ex, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }
}
