package dev.sentinel.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Prometheus Pushgateway ({@code /usr/bin/prometheus-pushgateway}, Debian 1.5) on a free
 * loopback port, persisting into its temp dir (Debian's default persistence file is under
 * /var/lib), with the admin API on.
 *
 * <pre>{@code
 * try (PushgatewayServer pg = PushgatewayServer.start()) {
 *   ... push to pg.baseUrl() ...
 *   List<Group> groups = pg.groups();   // GET /api/v1/metrics
 * }
 * }</pre>
 */
public final class PushgatewayServer extends ExternalServer {
  public static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");

  /** One metric of a group: labels (as the Pushgateway shows them) and the value as text. */
  public record Metric(Map<String, String> labels, String value) {}

  /** One family of a group: TYPE and its metrics. */
  public record Family(String type, List<Metric> metrics) {}

  /**
   * One group of {@code /api/v1/metrics}: the grouping key, whether the last push succeeded, and
   * the families by metric name (without push_time_seconds / push_failure_time_seconds).
   */
  public record Group(
      Map<String, String> labels, boolean lastPushSuccessful, Map<String, Family> families) {}

  private PushgatewayServer() {
    super("Pushgateway", BINARY);
  }

  /** Starts a fresh Pushgateway and waits for {@code /-/ready}. Fails if the binary is missing. */
  public static PushgatewayServer start() {
    return launched(new PushgatewayServer());
  }

  @Override
  protected List<String> command(int port, Path data) {
    return List.of(
        BINARY.toString(),
        "--web.listen-address=127.0.0.1:" + port,
        "--persistence.file=" + data.resolve("pushgateway.data"),
        "--web.enable-admin-api",
        "--log.level=warn");
  }

  @Override
  protected String healthPath() {
    return "/-/ready";
  }

  /** All groups, from {@code GET /api/v1/metrics}. */
  public List<Group> groups() {
    Map<String, Object> response = Json.object(Json.parse(getOk("/api/v1/metrics")));
    if (!"success".equals(response.get("status"))) {
      throw new IllegalStateException("/api/v1/metrics failed: " + response);
    }
    List<Group> out = new ArrayList<>();
    for (Object g : Json.array(response.get("data"))) {
      Map<String, Object> group = Json.object(g);
      Map<String, Family> families = new TreeMap<>();
      group.forEach(
          (key, value) -> {
            if (key.equals("labels")
                || key.equals("last_push_successful")
                || key.equals("push_time_seconds")
                || key.equals("push_failure_time_seconds")) {
              return;
            }
            Map<String, Object> family = Json.object(value);
            List<Metric> metrics = new ArrayList<>();
            for (Object m : Json.array(family.get("metrics"))) {
              Map<String, Object> metric = Json.object(m);
              metrics.add(
                  new Metric(
                      Json.strings(metric.get("labels")), String.valueOf(metric.get("value"))));
            }
            families.put(key, new Family(String.valueOf(family.get("type")), metrics));
          });
      out.add(
          new Group(
              Json.strings(group.get("labels")),
              Boolean.TRUE.equals(group.get("last_push_successful")),
              families));
    }
    return out;
  }

  /** The plain {@code /metrics} text exposition. */
  public String metricsText() {
    return getOk("/metrics");
  }
}
