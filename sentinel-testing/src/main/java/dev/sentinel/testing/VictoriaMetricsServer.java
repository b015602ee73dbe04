package dev.sentinel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A real VictoriaMetrics ({@code /usr/bin/victoria-metrics}, Debian 1.79) on a free loopback port,
 * with query latency offset and cache switched off so writes are visible quickly.
 *
 * <pre>{@code
 * try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
 *   ... send to vm.writeUrl() ...
 *   List<ExportedSeries> got = vm.awaitExport("{__name__=\"ping_rtt_ms\"}", 6);
 * }
 * }</pre>
 */
public final class VictoriaMetricsServer extends ExternalServer {
  public static final Path BINARY = Path.of("/usr/bin/victoria-metrics");

  /** Prometheus' staleness marker, as {@link #export} gives it. */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** One line of {@code /api/v1/export}: the label set (with {@code __name__}) and raw samples. */
  public record ExportedSeries(
      Map<String, String> metric, List<Double> values, List<Long> timestamps) {
    public String name() {
      return metric.get("__name__");
    }
  }

  private VictoriaMetricsServer() {
    super("VictoriaMetrics", BINARY);
  }

  /** Starts a fresh server and waits for {@code /health}. Fails if the binary is missing. */
  public static VictoriaMetricsServer start() {
    return launched(new VictoriaMetricsServer());
  }

  @Override
  protected List<String> command(int port, Path data) {
    return List.of(
        BINARY.toString(),
        "-httpListenAddr=127.0.0.1:" + port,
        "-storageDataPath=" + data,
        "-retentionPeriod=1",
        "-search.latencyOffset=0s",
        "-search.disableCache",
        // At-least-once delivery may resend a batch whose answer was lost; collapse exact
        // duplicates as the operations guide recommends.
        "-dedup.minScrapeInterval=1ms",
        "-loggerLevel=WARN");
  }

  @Override
  protected String healthPath() {
    return "/health";
  }

  /** Remote write endpoint: {@code <base>/api/v1/write}. */
  public String writeUrl() {
    return baseUrl() + "/api/v1/write";
  }

  /** JSON-lines import endpoint: {@code <base>/api/v1/import}. */
  public String importUrl() {
    return baseUrl() + "/api/v1/import";
  }

  /** POSTs JSON lines to {@code /api/v1/import}; returns the HTTP status (204 on success). */
  public int importJsonLines(String lines) {
    try {
      HttpResponse<String> r = post("/api/v1/import", lines);
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("import answered " + r.statusCode() + ": " + r.body());
      }
      return r.statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes recent writes searchable ({@code /internal/force_flush}). */
  public void forceFlush() {
    getOk("/internal/force_flush");
  }

  /**
   * Flushes, then returns the raw samples of every series matching the series selector {@code
   * match} (e.g. {@code {__name__=~"ping_.*"}}), as {@code /api/v1/export} gives them.
   */
  public List<ExportedSeries> export(String match) {
    forceFlush();
    String body = getOk("/api/v1/export?match[]=" + encode(match));
    List<ExportedSeries> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, Object> o = Json.object(Json.parse(line));
      List<Double> values = new ArrayList<>();
      for (Object v : Json.array(o.get("values"))) {
        // A staleness marker is exported as null (VictoriaMetrics 1.79): the marker's NaN here.
        values.add(
            v == null
                ? Double.longBitsToDouble(STALE_NAN_BITS)
                : v instanceof BigDecimal d
                    ? d.doubleValue()
                    : v instanceof Double x ? x : parseSpecial((String) v));
      }
      List<Long> timestamps = new ArrayList<>();
      for (Object t : Json.array(o.get("timestamps"))) {
        timestamps.add(((BigDecimal) t).longValueExact());
      }
      out.add(new ExportedSeries(Json.strings(o.get("metric")), values, timestamps));
    }
    return out;
  }

  static double parseSpecial(String s) {
    return switch (s) {
      case "Inf", "+Inf", "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  /**
   * Polls {@link #export} until the matching series hold at least {@code samples} samples in total
   * (15 s deadline), and returns them; fails with what was seen otherwise.
   */
  public List<ExportedSeries> awaitExport(String match, int samples) {
    return awaitExport(
        match,
        got -> got.stream().mapToInt(s -> s.values().size()).sum() >= samples,
        Duration.ofSeconds(15));
  }

  /** Polls {@link #export} until {@code done} holds or {@code timeout} passes (then fails). */
  public List<ExportedSeries> awaitExport(
      String match, Predicate<List<ExportedSeries>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ExportedSeries> got = export(match);
    while (!done.test(got)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "VictoriaMetrics export of "
                + match
                + " did not reach the expected state within "
                + timeout.toSeconds()
                + "s; last export: "
                + got);
      }
      sleep(100);
      got = export(match);
    }
    return got;
  }
}
