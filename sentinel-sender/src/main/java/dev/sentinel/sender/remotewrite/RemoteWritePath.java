package dev.sentinel.sender.remotewrite;

import dev.sentinel.core.client.HttpClientOptions;
import dev.sentinel.core.options.Section;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a remote write URL's path against the endpoints that are known not to be remote write.
 * They answer a remote write request with success, or a vague error, while storing nothing (VM's
 * {@code /api/v1/import} reads protobuf as JSON lines), so a wrong one must fail at load. Any other
 * path (proxies, Mimir's {@code /api/v1/push}, vminsert's {@code
 * /insert/0/prometheus/api/v1/write}, Thanos' {@code /api/v1/receive}) is taken as written.
 */
final class RemoteWritePath {
  static final String WRITE = "/api/v1/write";

  /**
   * A path that is not remote write (group 1: the prefix the suggested URL keeps), and what it is.
   */
  private record Known(Pattern path, String what) {
    /** Also after a prefix: a route prefix, vminsert's {@code /insert/0/prometheus}. */
    static Known after(String regex, String what) {
      return new Known(Pattern.compile("(.*?)(?:" + regex + ")"), what);
    }

    /** Short paths only as the whole path: behind a proxy's prefix they may be anything. */
    static Known whole(String regex, String what) {
      return new Known(Pattern.compile("()(?:" + regex + ")"), what);
    }
  }

  private static final String INFLUX = "the InfluxDB line protocol endpoint";
  private static final List<Known> NOT_REMOTE_WRITE =
      List.of(
          Known.after("/api/v1/import", "VictoriaMetrics' JSON-lines import endpoint"),
          Known.after(
              "/api/v1/import/prometheus", "VictoriaMetrics' Prometheus text import endpoint"),
          Known.after("/api/v1/import/csv", "VictoriaMetrics' CSV import endpoint"),
          Known.after("/api/v1/import/native", "VictoriaMetrics' native import endpoint"),
          Known.after(
              "/api/v1/export(?:/csv|/native)?",
              "VictoriaMetrics' export endpoint (it reads data)"),
          Known.after("/api/v1/query(?:_range)?", "the Prometheus query API (it reads data)"),
          Known.after("/influx/write|/influx/api/v2/write|/api/v2/write", INFLUX),
          Known.whole("/write", INFLUX),
          Known.whole("/metrics", "a metrics page for scraping"),
          Known.whole("/federate", "Prometheus' federation endpoint (for scraping)"));
  private static final Pattern PUSHGATEWAY = Pattern.compile("(.*?)/metrics/job(?:/.*)?");

  private RemoteWritePath() {}

  /** Reports a known wrong path as an error, and no path at all as a warning. */
  static void check(Section options, URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
    String base = url.getScheme() + "://" + url.getRawAuthority();
    if (path.isEmpty()) {
      options.warn(
          HttpClientOptions.URL,
          "has no path; remote write lives at " + WRITE + " (e.g. " + base + WRITE + ")");
      return;
    }
    Matcher push = PUSHGATEWAY.matcher(path);
    if (push.matches()) {
      options.error(
          HttpClientOptions.URL,
          "is the Pushgateway's push path, not remote write: for the Pushgateway use"
              + " sender.direct.pushgateway with url: "
              + base
              + push.group(1));
      return;
    }
    for (Known known : NOT_REMOTE_WRITE) {
      Matcher m = known.path().matcher(path);
      if (m.matches()) {
        // vminsert's Influx endpoints sit under /insert/<tenant>/, its remote write under
        // .../prometheus.
        String prefix =
            m.group(1).matches("/insert/[^/]+") ? m.group(1) + "/prometheus" : m.group(1);
        options.error(
            HttpClientOptions.URL,
            "is " + known.what() + ", not remote write: use " + base + prefix + WRITE);
        return;
      }
    }
  }
}
