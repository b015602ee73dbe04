package dev.sentinel.plugins.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.TaskInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One target's scrapes against an HTTP server on loopback: what is sent, staleness, ordering,
 * limits and bodies that must fail. (The real exporters and backends are in sentinel-app's
 * ScrapeIT.)
 */
class ScrapeProbeTest {
  private static final Labels BASE =
      Labels.of("task_id", "t1", "device_id", "t1", "plugin", "scrape", "sentinel", "edge-1");
  private static HttpServer server;
  private static final AtomicReference<String> body = new AtomicReference<>("");
  private static final AtomicReference<String> contentType =
      new AtomicReference<>("text/plain; version=0.0.4");
  private static final AtomicReference<Integer> status = new AtomicReference<>(200);
  private static final AtomicLong hugeBytesWritten = new AtomicLong();
  private static String address;

  private final Map<String, Long> dropped = new HashMap<>();
  private long now = 1_700_000_000_000L;

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        ex -> {
          byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", contentType.get());
          ex.sendResponseHeaders(status.get(), b.length == 0 ? -1 : b.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
          }
        });
    server.createContext(
        "/huge",
        ex -> {
          // 100 MB of valid samples, streamed: the scrape must give up early, not buffer it all.
          ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          ex.sendResponseHeaders(200, 0);
          byte[] line =
              "m{a=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"} 1\n"
                  .getBytes(StandardCharsets.UTF_8);
          byte[] chunk = new byte[line.length * 1000];
          for (int i = 0; i < 1000; i++) {
            System.arraycopy(line, 0, chunk, i * line.length, line.length);
          }
          try (OutputStream out = ex.getResponseBody()) {
            for (long sent = 0; sent < 100_000_000L; sent += chunk.length) {
              out.write(chunk);
              hugeBytesWritten.addAndGet(chunk.length);
            }
          } catch (IOException closedByClient) {
            // expected: the scraper stops reading
          }
        });
    server.start();
    address = "127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  private Probe probe(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("targets", List.of(address));
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    Problems problems = new Problems("test.yaml");
    Section section = Section.of("tasks[0].config", m, problems);
    var spec =
        new ScrapePlugin().configure(section, new TaskInfo("t1", "t1", Duration.ofSeconds(10)));
    section.finish();
    assertThat(problems.errors()).isEmpty();
    return spec.open();
  }

  private ProbeResult run(Probe p) throws InterruptedException {
    now += 5000;
    Clock clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
    return p.run(
        new ProbeContext(
            BASE,
            Duration.ofSeconds(10),
            clock,
            ProbeContext.Listener.NONE,
            (reason, n) -> dropped.merge(reason, n, Long::sum)));
  }

  private static Sample find(ProbeResult r, String name) {
    return r.samples().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  private static List<Sample> named(ProbeResult r, String name) {
    return r.samples().stream().filter(s -> s.name().equals(name)).toList();
  }

  @Test
  void sendsServedSeriesWithTargetLabelsAndIdentityButNotTaskLabels() throws Exception {
    body.set(
        "# TYPE c counter\nc_total{path=\"C:\\\\x\",q=\"say \\\"hi\\\"\"} 3\n"
            + "g NaN\nh +Inf\nempty{a=\"\"} 1\n");
    ProbeResult r = run(probe());
    assertThat(r.success()).isTrue();
    Sample c = find(r, "c_total");
    assertThat(c.labels())
        .isEqualTo(
            Labels.of(
                "path",
                "C:\\x",
                "q",
                "say \"hi\"",
                "job",
                "t1",
                "instance",
                address,
                "sentinel",
                "edge-1"));
    assertThat(c.kind()).isEqualTo(Sample.Kind.COUNTER);
    assertThat(c.timestampMs()).isEqualTo(now);
    assertThat(Double.doubleToRawLongBits(find(r, "g").value())).isEqualTo(Sample.NORMAL_NAN_BITS);
    assertThat(find(r, "h").value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(find(r, "empty").labels().get("a")).isNull();
    assertThat(find(r, "up").value()).isEqualTo(1);
    assertThat(find(r, "scrape_samples_scraped").value()).isEqualTo(4);
    assertThat(find(r, "scrape_samples_post_metric_relabeling").value()).isEqualTo(4);
    assertThat(find(r, "scrape_series_added").value()).isEqualTo(4);
    assertThat(find(r, "up").labels())
        .isEqualTo(Labels.of("job", "t1", "instance", address, "sentinel", "edge-1"));
    // A second scrape of the same series adds none.
    ProbeResult again = run(probe());
    assertThat(find(again, "scrape_series_added").value()).isEqualTo(4);
  }

  @Test
  void seriesThatDisappearGetOneStalenessMarkerAfterTheirLastSample() throws Exception {
    Probe p = probe();
    body.set("a 1\nb 2\nc 3\n");
    run(p);
    long first = now;
    body.set("a 1\nc 3\n");
    ProbeResult second = run(p);
    Sample marker = find(second, "b");
    assertThat(marker.isStaleMarker()).isTrue();
    assertThat(marker.timestampMs()).isGreaterThan(first);
    assertThat(find(second, "scrape_series_added").value()).isZero();
    assertThat(named(second, "a")).hasSize(1);
    ProbeResult third = run(p);
    assertThat(find(third, "b")).isNull(); // marked once
    body.set("a 1\nb 5\nc 3\n");
    ProbeResult back = run(p);
    assertThat(find(back, "b").value()).isEqualTo(5);
    assertThat(find(back, "scrape_series_added").value()).isEqualTo(1);
  }

  @Test
  void aFailedScrapeMarksEverySeriesStaleAndReportsDown() throws Exception {
    Probe p = probe();
    body.set("a 1\nb 2\n");
    run(p);
    status.set(500);
    try {
      ProbeResult failed = run(p);
      assertThat(failed.success()).isFalse();
      assertThat(failed.error()).contains("HTTP status 500");
      assertThat(find(failed, "up").value()).isZero();
      assertThat(find(failed, "a").isStaleMarker()).isTrue();
      assertThat(find(failed, "b").isStaleMarker()).isTrue();
      ProbeResult still = run(p);
      assertThat(find(still, "a")).isNull(); // not marked twice
    } finally {
      status.set(200);
    }
    ProbeResult back = run(probe());
    assertThat(back.success()).isTrue();
  }

  @Test
  void invalidBodyFailsTheScrapeNamingTheLine() throws Exception {
    body.set("a 1\nb{x=\"1} 2\n");
    ProbeResult r = run(probe());
    assertThat(r.success()).isFalse();
    assertThat(r.error()).contains("line 2:");
    assertThat(find(r, "a")).isNull();
    assertThat(find(r, "up").value()).isZero();
  }

  @Test
  void honorLabelsDecidesWhoseJobWins() throws Exception {
    body.set("m{job=\"theirs\",instance=\"x\"} 1\n");
    Sample off = find(run(probe()), "m");
    assertThat(off.labels().get("job")).isEqualTo("t1");
    assertThat(off.labels().get("exported_job")).isEqualTo("theirs");
    assertThat(off.labels().get("exported_instance")).isEqualTo("x");
    Sample on = find(run(probe("honor_labels", true)), "m");
    assertThat(on.labels().get("job")).isEqualTo("theirs");
    assertThat(on.labels().get("instance")).isEqualTo("x");
    assertThat(on.labels().get("exported_job")).isNull();
  }

  @Test
  void explicitTimestampsAreHonouredAndNeverSentOutOfOrder() throws Exception {
    Probe p = probe();
    body.set("a 1 1600000000000\nb 2\n");
    ProbeResult r = run(p);
    assertThat(find(r, "a").timestampMs()).isEqualTo(1_600_000_000_000L);
    body.set("a 1 1500000000000\nb 2\n"); // older than the last one sent
    ProbeResult older = run(p);
    assertThat(find(older, "a")).isNull();
    assertThat(dropped).containsEntry("out_of_order", 1L);
    body.set("b 2\n"); // a series with its own timestamps is never marked stale (Prometheus)
    assertThat(find(run(p), "a")).isNull();
    body.set("a 1 1600000000000\n");
    assertThat(find(run(probe("honor_timestamps", false)), "a").timestampMs()).isEqualTo(now);
  }

  @Test
  void aSeriesServedTwiceIsSentOnceAndCounted() throws Exception {
    body.set("a 1\na 2\n");
    ProbeResult r = run(probe());
    assertThat(named(r, "a")).hasSize(1);
    assertThat(dropped).containsEntry("duplicate_series", 1L);
  }

  @Test
  void overTheSampleLimitTheScrapeFailsAndItsSamplesAreCountedAsDropped() throws Exception {
    body.set("a 1\nb 2\nc 3\n");
    Probe p = probe("sample_limit", 2);
    ProbeResult r = run(p);
    assertThat(r.success()).isFalse();
    assertThat(r.error())
        .isEqualTo(
            address + ": sample_limit exceeded: 3 samples after metric_relabel, more than 2");
    assertThat(find(r, "a")).isNull();
    assertThat(find(r, "up").value()).isZero();
    assertThat(find(r, "scrape_samples_post_metric_relabeling").value()).isZero();
    assertThat(dropped).containsEntry("sample_limit", 3L);
    assertThat(find(r, "scrape_samples_scraped").value()).isEqualTo(3);
    body.set("a 1\nb 2\n");
    assertThat(run(p).success()).isTrue();
  }

  @Test
  void overTheLabelLimitTheScrapeFails() throws Exception {
    body.set("a{x=\"1\",y=\"2\"} 1\n");
    ProbeResult r = run(probe("label_limit", 4));
    assertThat(r.success()).isFalse();
    assertThat(r.error()).contains("label_limit exceeded: a has 5 labels");
    assertThat(run(probe("label_limit", 5)).success()).isTrue();
  }

  @Test
  void aHundredMegabyteBodyFailsTheScrapeAfterTheLimitIsRead() throws Exception {
    hugeBytesWritten.set(0);
    ProbeResult r = run(probe("path", "/huge"));
    assertThat(r.success()).isFalse();
    assertThat(r.error()).contains("larger than body_size_limit 16MiB");
    Thread.sleep(200);
    // The server could write at most the limit plus what sockets buffer before the client hung up.
    assertThat(hugeBytesWritten.get()).isLessThan(40_000_000L);
  }

  @Test
  void openMetricsIsReadWhenServedAsSuch() throws Exception {
    contentType.set("application/openmetrics-text; version=1.0.0; charset=utf-8");
    try {
      body.set("# TYPE a gauge\na 1 1600000000.5\n# EOF\n");
      ProbeResult r = run(probe());
      assertThat(find(r, "a").timestampMs()).isEqualTo(1_600_000_000_500L);
      body.set("# TYPE a gauge\na 1\n"); // no # EOF: truncated
      ProbeResult truncated = run(probe());
      assertThat(truncated.error()).contains("does not end with # EOF");
    } finally {
      contentType.set("text/plain; version=0.0.4");
    }
  }

  @Test
  void itKeepsItsSeriesForTheMarkersOfARemovedTaskNotTheRunner() throws Exception {
    Probe p = probe();
    assertThat(p.keepsSeries()).isTrue();
    body.set("a 1\nb 2\nc 3 1600000000000\n");
    run(p);
    long first = now;
    body.set("a 1\nc 3 1600000000000\n"); // b ends (marked); c has its own timestamps
    run(p);
    List<Sample> last = p.lastSeries();
    assertThat(last)
        .extracting(Sample::name)
        .containsExactlyInAnyOrder(
            "a",
            "up",
            "scrape_duration_seconds",
            "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling",
            "scrape_series_added");
    assertThat(last).allSatisfy(s -> assertThat(s.timestampMs()).isEqualTo(now));
    assertThat(now).isGreaterThan(first);
  }

  @Test
  void aSilentTargetWithDefaultOptionsFailsWithinTheTasksBudgetAndReportsDown() throws Exception {
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // Accepts connections (the kernel does) and never answers.
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("targets", List.of("127.0.0.1:" + silent.getLocalPort()));
      Problems problems = new Problems("test.yaml");
      Section section = Section.of("tasks[0].config", m, problems);
      Probe p =
          new ScrapePlugin()
              .configure(section, new TaskInfo("t1", "t1", Duration.ofSeconds(2)))
              .open();
      long started = System.nanoTime();
      ProbeResult r =
          p.run(
              new ProbeContext(
                  BASE,
                  Duration.ofSeconds(2),
                  Clock.systemUTC(),
                  ProbeContext.Listener.NONE,
                  (reason, n) -> {}));
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(r.success()).isFalse();
      assertThat(r.error()).contains("timed out");
      assertThat(find(r, "up").value()).isZero();
      assertThat(tookMs).isBetween(1500L, 2000L); // the budget: the timeout less its reserve
    }
  }
}
