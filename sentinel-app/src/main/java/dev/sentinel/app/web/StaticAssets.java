package dev.sentinel.app.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * The status page: {@code /} is its HTML, {@code /assets/NAME} its script and style sheet and
 * uPlot's (from the uPlot webjar on the class path). Nothing else under {@code /} exists (404),
 * only GET and HEAD are allowed (405), and every answer forbids the page to load or send anything
 * from another origin ({@value #CSP}), so the page works where the host reaches nothing else and
 * cannot leak what it shows.
 *
 * <p>The few files (about 60 KiB) are read once, when registered. Their names carry no version, so
 * browsers revalidate them on each page load ({@code no-cache}) and get 304 while the ETag (a hash
 * of the content) matches: an upgraded Sentinel never runs with an old script.
 */
public final class StaticAssets {
  static final String CSP = "default-src 'self'";
  static final String PAGE = "dev/sentinel/app/web/status/";
  static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  static final String ASSETS = "/assets/";

  /** One file as served. */
  record Asset(byte[] body, String contentType, String etag) {}

  private StaticAssets() {}

  /** Adds {@code /} and {@code /assets/} to {@code web}. */
  public static void register(MetricsServer web) {
    Asset page = load(PAGE + "index.html", "text/html; charset=utf-8");
    String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    Map<String, Asset> assets =
        Map.of(
            "status.js", load(PAGE + "status.js", "text/javascript; charset=utf-8"),
            "status.css", load(PAGE + "status.css", "text/css; charset=utf-8"),
            "favicon.svg", load(PAGE + "favicon.svg", "image/svg+xml"),
            "uPlot.iife.min.js",
                load(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "uPlot.min.css", load(uplot + "uPlot.min.css", "text/css; charset=utf-8"));
    web.route("/", ex -> serve(ex, "/".equals(ex.getRequestURI().getPath()) ? page : null));
    web.route(
        ASSETS,
        ex -> serve(ex, assets.get(ex.getRequestURI().getPath().substring(ASSETS.length()))));
  }

  /** {@code asset}, or 404 where it is null; 405 for methods other than GET and HEAD. */
  static void serve(HttpExchange ex, Asset asset) throws IOException {
    try (ex) {
      Headers h = ex.getResponseHeaders();
      h.set("Content-Security-Policy", CSP);
      h.set("X-Content-Type-Options", "nosniff");
      String method = ex.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (asset == null) {
        plain(ex, 404, "not found\n", head);
      } else if (!head && !"GET".equals(method)) {
        h.set("Allow", "GET, HEAD");
        plain(ex, 405, "method not allowed\n", false);
      } else {
        h.set("Content-Type", asset.contentType());
        h.set("Cache-Control", "no-cache");
        h.set("ETag", asset.etag());
        if (asset.etag().equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
          ex.sendResponseHeaders(304, -1);
        } else {
          body(ex, 200, asset.body(), head);
        }
      }
    }
  }

  private static void plain(HttpExchange ex, int status, String text, boolean head)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    body(ex, status, text.getBytes(StandardCharsets.UTF_8), head);
  }

  private static void body(HttpExchange ex, int status, byte[] body, boolean head)
      throws IOException {
    if (head) {
      // The JDK's server sends no body for HEAD and wants -1; the length is still the GET's.
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
    }
  }

  /** The uPlot webjar's version, so that bumping it in the pom is all an upgrade takes. */
  static String uplotVersion() {
    Properties p = new Properties();
    try (InputStream in = resource(UPLOT_POM)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  static Asset load(String name, String contentType) {
    try (InputStream in = resource(name)) {
      byte[] body = in.readAllBytes();
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
      return new Asset(
          body, contentType, '"' + HexFormat.of().formatHex(hash).substring(0, 16) + '"');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is missing from the class path");
    }
    return in;
  }
}
