package dev.sentinel.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real node_exporter ({@code /usr/bin/prometheus-node-exporter}, Debian 1.5) on a free loopback
 * port, with only collectors that read {@code /proc} quickly and give the same series from one
 * scrape to the next (no systemd, hwmon, filesystem or textfile: slow, or absent in containers).
 *
 * <pre>{@code
 * try (NodeExporterServer node = NodeExporterServer.start()) {
 *   ... scrape node.address() ...
 *   List<TextExposition.Line> served = TextExposition.parse(node.metrics());
 * }
 * }</pre>
 */
public final class NodeExporterServer extends ExternalServer {
  public static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");

  /** The collectors switched on (everything else is off). */
  public static final List<String> COLLECTORS =
      List.of("cpu", "loadavg", "meminfo", "netdev", "stat", "time", "uname", "vmstat", "filefd");

  private NodeExporterServer() {
    super("node_exporter", BINARY);
  }

  /** Starts node_exporter and waits until {@code /metrics} answers. Fails if it is missing. */
  public static NodeExporterServer start() {
    return launched(new NodeExporterServer());
  }

  @Override
  protected List<String> command(int port, Path dir) {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.add("--web.listen-address=127.0.0.1:" + port);
    cmd.add("--collector.disable-defaults");
    COLLECTORS.forEach(c -> cmd.add("--collector." + c));
    cmd.add("--log.level=warn");
    return cmd;
  }

  @Override
  protected String healthPath() {
    return "/metrics";
  }

  /** {@code 127.0.0.1:port}: a scrape target. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** One scrape of {@code /metrics}, in the text format 0.0.4. */
  public String metrics() {
    return getOk("/metrics");
  }
}
