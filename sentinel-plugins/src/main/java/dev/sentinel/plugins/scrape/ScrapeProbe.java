package dev.sentinel.plugins.scrape;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scrape task's runs: the targets now (the static list and file_sd), each scraped once, in
 * parallel when there are several. A target that disappears gets staleness markers for all its
 * series. The run succeeds when every target is up.
 */
final class ScrapeProbe implements Probe {
  private static final Logger logger = LoggerFactory.getLogger(ScrapeProbe.class);

  /** Labels of the task's base that describe the task, not the scraped series. */
  private static final List<String> TASK_ONLY = List.of("device_id", "task_id", "plugin");

  private final ScrapeOptions options;
  private final OkHttpClient client;
  private final Supplier<ExecutorService> workers;
  private final Map<String, TargetScraper> scrapers = new LinkedHashMap<>();

  ScrapeProbe(ScrapeOptions options, OkHttpClient client, Supplier<ExecutorService> workers) {
    this.options = options;
    this.client = client;
    this.workers = workers;
  }

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    Labels base = seriesBase(ctx.baseLabels());
    List<Sample> samples = new ArrayList<>();
    List<TargetScraper> now = targets(ctx, samples);
    long timeoutMs = timeoutMs(ctx);
    List<String> errors = new ArrayList<>();
    int down = 0;
    if (now.size() == 1) {
      TargetScraper.Result r = now.get(0).scrape(client, ctx, base, timeoutMs);
      down += collect(ctx, now.get(0), r, samples, errors);
    } else if (!now.isEmpty()) {
      List<Future<TargetScraper.Result>> futures = new ArrayList<>();
      ExecutorService pool = workers.get();
      for (TargetScraper t : now) {
        futures.add(pool.submit(() -> t.scrape(client, ctx, base, timeoutMs)));
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + 1000);
      for (int i = 0; i < now.size(); i++) {
        TargetScraper.Result r;
        try {
          r = futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          r = new TargetScraper.Result(false, String.valueOf(e.getCause()), List.of(), 0);
        } catch (TimeoutException e) {
          futures.get(i).cancel(true);
          r = new TargetScraper.Result(false, "timed out", List.of(), 0);
        }
        down += collect(ctx, now.get(i), r, samples, errors);
      }
    }
    if (now.isEmpty()) {
      return ProbeResult.failure("no targets (" + describeSources() + ")", samples);
    }
    if (down == 0) {
      return ProbeResult.success(samples);
    }
    String error =
        down == 1 && now.size() == 1
            ? errors.get(0)
            : down
                + " of "
                + now.size()
                + " targets down: "
                + errors.get(0)
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    return ProbeResult.failure(error, samples);
  }

  private int collect(
      ProbeContext ctx,
      TargetScraper t,
      TargetScraper.Result r,
      List<Sample> samples,
      List<String> errors) {
    samples.addAll(r.samples());
    if (ctx.listener() != ProbeContext.Listener.NONE) {
      describe(ctx.listener(), t, r);
    }
    if (r.up()) {
      return 0;
    }
    errors.add(t.target().address() + ": " + r.error());
    return 1;
  }

  /** What {@code sentinel trigger scrape} prints for one target: counts, then the first series. */
  private static void describe(ProbeContext.Listener out, TargetScraper t, TargetScraper.Result r) {
    Map<String, Double> report = new LinkedHashMap<>();
    List<Sample> series = new ArrayList<>();
    int markers = 0;
    for (Sample s : r.samples()) {
      if (s.isStaleMarker()) {
        markers++;
      } else if (TargetScraper.REPORT_SERIES.contains(s.name())
          && s.labels().equals(r.samples().get(r.samples().size() - 1).labels())) {
        report.put(s.name(), s.value());
      } else {
        series.add(s);
      }
    }
    out.line(
        String.format(
            java.util.Locale.ROOT,
            "%s: %s, %d samples scraped, %d after metric_relabel, %.0f ms",
            t.target().url(),
            r.up() ? "up" : "DOWN",
            r.scraped(),
            series.size(),
            report.getOrDefault("scrape_duration_seconds", 0.0) * 1000));
    if (markers > 0) {
      out.line(markers + " staleness markers");
    }
    int shown = Math.min(FIRST_SERIES, series.size());
    if (shown > 0) {
      out.line("First " + shown + " of " + series.size() + " series:");
      for (int i = 0; i < shown; i++) {
        Sample s = series.get(i);
        out.line("  " + s.name() + s.labels() + " " + s.value());
      }
    }
  }

  /** How many series {@code sentinel trigger scrape} shows. */
  private static final int FIRST_SERIES = 10;

  /**
   * The targets of this run; those gone since the last one leave staleness markers in {@code out}.
   */
  private List<TargetScraper> targets(ProbeContext ctx, List<Sample> out) {
    Map<String, Target> wanted = new LinkedHashMap<>();
    for (String address : options.targets()) {
      add(wanted, Target.of(options, address, Map.of()));
    }
    if (options.fileSd() != null) {
      for (FileSd.TargetGroup g : options.fileSd().groups(this::fileProblem)) {
        for (String address : g.targets()) {
          add(wanted, Target.of(options, address, g.labels()));
        }
      }
    }
    List<TargetScraper> result = new ArrayList<>(wanted.size());
    Map<String, TargetScraper> next = new LinkedHashMap<>();
    for (Target t : wanted.values()) {
      TargetScraper s = scrapers.remove(t.key());
      if (s == null) {
        s = new TargetScraper(t, options);
      }
      next.put(t.key(), s);
      result.add(s);
    }
    for (TargetScraper gone : scrapers.values()) {
      out.addAll(gone.end(ctx.clock().millis()));
    }
    scrapers.clear();
    scrapers.putAll(next);
    return result;
  }

  private static void add(Map<String, Target> wanted, Target t) {
    if (t != null) {
      wanted.putIfAbsent(t.key(), t);
    }
  }

  private void fileProblem(String problem) {
    logger.atWarn().setMessage("file_sd: " + problem + "; its last good targets are kept").log();
  }

  private String describeSources() {
    return options.fileSd() == null
        ? "the targets list is empty"
        : options.fileSd().describe() + " found none";
  }

  private long timeoutMs(ProbeContext ctx) {
    long budget = ctx.budget().toMillis();
    return options.timeout() == null ? budget : Math.min(budget, options.timeout().toMillis());
  }

  /** The task's labels and identity, without what only names the task (task_id, plugin, …). */
  static Labels seriesBase(Labels base) {
    Map<String, String> map = new LinkedHashMap<>(base.asMap());
    TASK_ONLY.forEach(map::remove);
    return map.size() == base.size() ? base : Labels.of(map);
  }

  @Override
  public boolean keepsSeries() {
    return true;
  }

  /** Every target's series not ended yet, with their last timestamps (core writes the markers). */
  @Override
  public List<Sample> lastSeries() {
    List<Sample> out = new ArrayList<>();
    try {
      for (TargetScraper t : List.copyOf(scrapers.values())) {
        t.lastSeries(out);
      }
    } catch (RuntimeException e) { // a run still going (stuck past its timeout) changed them
      logger.atDebug().setMessage("Series changed while listed: " + e).log();
    }
    return out;
  }
}
