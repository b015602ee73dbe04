package dev.sentinel.plugins.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The request of one hop: the configured headers, a User-Agent unless one is configured, the
 * credentials and Authorization header only to the configured URL's origin, and the body.
 */
final class HttpRequests {
  private final HttpProbeOptions options;

  HttpRequests(HttpProbeOptions options) {
    this.options = options;
  }

  /** Fails when a credential file cannot be read now. */
  Request build(HttpUrl url, String method, String body) throws IOException {
    Request.Builder b = new Request.Builder().url(url);
    boolean sameOrigin =
        url.scheme().equals(options.url().scheme())
            && url.host().equals(options.url().host())
            && url.port() == options.url().port();
    boolean userAgent = false;
    for (Map.Entry<String, String> h : options.headers().entrySet()) {
      if (!sameOrigin && h.getKey().equalsIgnoreCase("Authorization")) {
        continue;
      }
      userAgent |= h.getKey().equalsIgnoreCase("User-Agent");
      b.header(h.getKey(), h.getValue());
    }
    if (!userAgent) {
      b.header("User-Agent", "Sentinel-http-probe");
    }
    String authorization =
        sameOrigin ? options.auth().authorization() : null; // never to another origin
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    RequestBody rb = null;
    if (body != null) {
      String type =
          options.headers().entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
      rb =
          RequestBody.create(
              body.getBytes(StandardCharsets.UTF_8), type == null ? null : MediaType.parse(type));
    } else if (requiresBody(method)) {
      rb = RequestBody.create(new byte[0], null);
    }
    return b.method(method, rb).build();
  }

  private static boolean requiresBody(String method) {
    return switch (method) {
      case "POST", "PUT", "PATCH", "PROPPATCH", "REPORT", "QUERY" -> true;
      default -> false;
    };
  }
}
