package dev.sentinel.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's {@code vmalert} (from the victoria-metrics package) evaluating rule files against a
 * VictoriaMetrics, with its notifications sent to {@code notifierUrl} (a receiver the test runs).
 * {@link #alerts()} reads its {@code /api/v1/alerts}: what is pending or firing now.
 */
public final class VmalertServer extends ExternalServer {
  public static final Path BINARY = Path.of("/usr/bin/vmalert");

  /** One alert as vmalert reports it: its name, state ({@code pending}/{@code firing}), labels. */
  public record Alert(String name, String state, Map<String, String> labels) {}

  private final String datasource;
  private final List<Path> rules;
  private final String notifierUrl;
  private final String interval;

  private VmalertServer(String datasource, List<Path> rules, String notifierUrl, String interval) {
    super("vmalert", BINARY);
    this.datasource = datasource;
    this.rules = List.copyOf(rules);
    this.notifierUrl = notifierUrl;
    this.interval = interval;
  }

  /**
   * Starts vmalert on {@code datasource} (a VictoriaMetrics base URL), evaluating every {@code
   * interval}.
   */
  public static VmalertServer start(
      String datasource, List<Path> rules, String notifierUrl, String interval) {
    return launched(new VmalertServer(datasource, rules, notifierUrl, interval));
  }

  @Override
  protected List<String> command(int port, Path data) {
    List<String> c = new ArrayList<>();
    c.add(BINARY.toString());
    c.add("-httpListenAddr=127.0.0.1:" + port);
    c.add("-datasource.url=" + datasource);
    c.add("-notifier.url=" + notifierUrl);
    c.add("-evaluationInterval=" + interval);
    c.add("-loggerLevel=WARN");
    for (Path r : rules) {
      c.add("-rule=" + r);
    }
    return c;
  }

  @Override
  protected String healthPath() {
    return "/health";
  }

  /** The alerts pending or firing now. */
  public List<Alert> alerts() {
    Map<String, Object> response = Json.object(Json.parse(getOk("/api/v1/alerts")));
    List<Alert> out = new ArrayList<>();
    for (Object a : Json.array(Json.object(response.get("data")).get("alerts"))) {
      Map<String, Object> alert = Json.object(a);
      out.add(
          new Alert(
              (String) alert.get("name"),
              (String) alert.get("state"),
              Json.strings(alert.get("labels"))));
    }
    return out;
  }
}
