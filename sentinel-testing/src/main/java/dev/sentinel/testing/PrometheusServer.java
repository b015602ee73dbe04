package dev.sentinel.testing;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}, Debian 2.42) on a free loopback port with an
 * empty scrape config, with or without the remote write receiver.
 *
 * <pre>{@code
 * try (PrometheusServer prom = PrometheusServer.start()) {
 *   ... send to prom.writeUrl() ...
 *   List<QueriedSeries> got = prom.query("ping_rtt_ms[5m]");   // raw samples
 * }
 * }</pre>
 */
public final class PrometheusServer extends ExternalServer {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");

  /** One sample: milliseconds since the epoch and value. */
  public record Point(long timestampMs, double value) {}

  /** One series of a query result: labels (with {@code __name__}) and its samples. */
  public record QueriedSeries(Map<String, String> metric, List<Point> points) {
    public String name() {
      return metric.get("__name__");
    }
  }

  private final boolean receiver;

  private PrometheusServer(boolean receiver) {
    super(receiver ? "Prometheus" : "Prometheus (receiver off)", BINARY);
    this.receiver = receiver;
  }

  /** Starts Prometheus with {@code --web.enable-remote-write-receiver} and waits for /-/ready. */
  public static PrometheusServer start() {
    return launched(new PrometheusServer(true));
  }

  /** Starts Prometheus WITHOUT the remote write receiver (writes get 404). */
  public static PrometheusServer startWithoutReceiver() {
    return launched(new PrometheusServer(false));
  }

  @Override
  protected List<String> command(int port, Path data) throws IOException {
    Path config = data.resolveSibling("prometheus.yml");
    Files.writeString(
        config,
        "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nscrape_configs: []\n",
        StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.add("--config.file=" + config);
    cmd.add("--storage.tsdb.path=" + data);
    cmd.add("--web.listen-address=127.0.0.1:" + port);
    cmd.add("--log.level=warn");
    if (receiver) {
      cmd.add("--web.enable-remote-write-receiver");
    }
    return cmd;
  }

  @Override
  protected String healthPath() {
    return "/-/ready";
  }

  /** Remote write endpoint: {@code <base>/api/v1/write}. */
  public String writeUrl() {
    return baseUrl() + "/api/v1/write";
  }

  /**
   * Runs an instant query ({@code /api/v1/query}, evaluated now). A range selector such as {@code
   * m[5m]} returns the raw samples; a plain selector returns the latest sample per series.
   */
  public List<QueriedSeries> query(String promql) {
    Map<String, Object> response =
        Json.object(Json.parse(getOk("/api/v1/query?query=" + encode(promql))));
    if (!"success".equals(response.get("status"))) {
      throw new IllegalStateException("query " + promql + " failed: " + response);
    }
    Map<String, Object> data = Json.object(response.get("data"));
    String type = (String) data.get("resultType");
    List<QueriedSeries> out = new ArrayList<>();
    for (Object r : Json.array(data.get("result"))) {
      Map<String, Object> series = Json.object(r);
      List<Point> points = new ArrayList<>();
      switch (type) {
        case "matrix" -> {
          for (Object v : Json.array(series.get("values"))) {
            points.add(point(v));
          }
        }
        case "vector" -> points.add(point(series.get("value")));
        default -> throw new IllegalStateException("unsupported result type " + type);
      }
      out.add(new QueriedSeries(Json.strings(series.get("metric")), points));
    }
    return out;
  }

  private static Point point(Object pair) {
    List<Object> p = Json.array(pair);
    long ms =
        ((BigDecimal) p.get(0))
            .movePointRight(3)
            .setScale(0, RoundingMode.HALF_UP)
            .longValueExact();
    return new Point(ms, VictoriaMetricsServer.parseSpecial((String) p.get(1)));
  }
}
