package dev.sentinel.plugins.scrape;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Sizes;
import dev.sentinel.core.plugin.ProbeContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One target's scrapes, and what it remembers between them: each series it has served, by the hash
 * of its text, with the labels it is sent with (after metric_relabel, the target's labels and the
 * task's) and its last timestamp. So a series seen before costs a lookup, never goes out of order,
 * and gets a staleness marker when it disappears, when a scrape fails, or when the target goes
 * away. Used by one run at a time.
 */
final class TargetScraper implements ExpositionParser.SeriesCache {
  /** The per-target series Prometheus adds to every scrape. */
  static final List<String> REPORT_SERIES =
      List.of(
          "up",
          "scrape_duration_seconds",
          "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling",
          "scrape_series_added");

  /** One series' state; {@code labels} null when metric_relabel drops it. */
  private static final class Series {
    final String name;
    final String family;
    final Labels labels;
    final Sample.Kind kind;
    long lastTs = Long.MIN_VALUE;
    long previousTs = Long.MIN_VALUE;
    int generation;
    boolean explicitTimestamp;
    boolean ended;

    Series(String name, String family, Labels labels, Sample.Kind kind) {
      this.name = name;
      this.family = family;
      this.labels = labels;
      this.kind = kind;
    }
  }

  /** What one scrape gave. */
  record Result(boolean up, String error, List<Sample> samples, int scraped) {}

  private final Target target;
  private final ScrapeOptions options;
  private final SeriesTable<Series> table = new SeriesTable<>();
  private final Map<String, String> strings = new HashMap<>();
  private final Labels.NamePool names = new Labels.NamePool();
  private Labels base;
  private Labels reportLabels;
  private long lastScrapeTs = Long.MIN_VALUE;
  private int generation;

  // The scrape in progress.
  private List<Sample> out;
  private long scrapeTs;
  private int scraped;
  private int kept;
  private int added;
  private long duplicates;
  private long outOfOrder;

  TargetScraper(Target target, ScrapeOptions options) {
    this.target = target;
    this.options = options;
  }

  Target target() {
    return target;
  }

  /** Scrapes once with {@code client}; {@code base} holds the task's labels and identity. */
  Result scrape(OkHttpClient client, ProbeContext ctx, Labels base, long timeoutMs) {
    if (!base.equals(this.base)) {
      table.clear();
      strings.clear();
      names.clear();
      this.base = base;
      this.reportLabels = merge(target.labels(), base, false);
    }
    long started = System.nanoTime();
    scrapeTs = Math.max(ctx.clock().millis(), lastScrapeTs + 1);
    lastScrapeTs = scrapeTs;
    generation++;
    out = new ArrayList<>(Math.max(16, table.size() + REPORT_SERIES.size()));
    scraped = 0;
    kept = 0;
    added = 0;
    duplicates = 0;
    outOfOrder = 0;
    String error = null;
    String reason = null;
    try {
      Body body = fetch(client, timeoutMs);
      ExpositionParser.parse(body.text, ExpositionParser.Format.of(body.contentType), this);
      if (options.sampleLimit() > 0 && kept > options.sampleLimit()) {
        throw new ExpositionParser.Refused(
            ScrapeOptions.SAMPLE_LIMIT
                + " exceeded: "
                + kept
                + " samples after metric_relabel, more than "
                + options.sampleLimit());
      }
    } catch (ExpositionParser.ParseException e) {
      error = "invalid exposition: " + e.getMessage();
    } catch (ExpositionParser.Refused e) {
      error = e.getMessage();
      reason =
          e.getMessage().startsWith(ScrapeOptions.LABEL_LIMIT) ? "label_limit" : "sample_limit";
    } catch (InterruptedIOException e) {
      error = "timed out after " + timeoutMs + "ms";
    } catch (IOException e) {
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    List<Sample> samples;
    if (error == null) {
      samples = out;
      endMissing();
    } else {
      if (reason != null) {
        ctx.dropped(reason, reason.equals("sample_limit") ? kept : out.size());
      }
      rollBack();
      samples = new ArrayList<>();
      out = samples;
      endAll(scrapeTs);
    }
    ctx.dropped("duplicate_series", duplicates);
    ctx.dropped("out_of_order", outOfOrder);
    boolean up = error == null;
    report(samples, up, seconds);
    out = null;
    return new Result(up, error, samples, scraped);
  }

  /** Staleness markers for every series of this target: it is no longer scraped. */
  List<Sample> end(long now) {
    out = new ArrayList<>();
    long ts = Math.max(now, lastScrapeTs + 1);
    endAll(ts);
    if (reportLabels != null && lastScrapeTs != Long.MIN_VALUE) {
      for (String name : REPORT_SERIES) {
        out.add(Sample.staleMarker(name, reportLabels, ts, Sample.Kind.GAUGE));
      }
    }
    table.clear();
    List<Sample> markers = out;
    out = null;
    return markers;
  }

  /**
   * Adds to {@code out} this target's series that have not ended (not those with their own
   * timestamps, which never get markers), and its report series, each at its last timestamp.
   */
  void lastSeries(List<Sample> out) {
    table.forEach(
        s -> {
          if (s.labels != null && !s.ended && !s.explicitTimestamp && s.lastTs != Long.MIN_VALUE) {
            out.add(new Sample(s.name, s.labels, 0, s.lastTs, s.kind));
          }
        });
    if (reportLabels != null && lastScrapeTs != Long.MIN_VALUE) {
      for (String name : REPORT_SERIES) {
        out.add(new Sample(name, reportLabels, 0, lastScrapeTs, Sample.Kind.GAUGE));
      }
    }
  }

  private record Body(String text, String contentType) {}

  private Body fetch(OkHttpClient client, long timeoutMs) throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url(target.url())
            .header("Accept", ExpositionParser.ACCEPT)
            .header("User-Agent", "Sentinel-scrape")
            .header(
                "X-Prometheus-Scrape-Timeout-Seconds",
                String.valueOf(Math.max(0.001, timeoutMs / 1000.0)));
    String authorization = options.auth().authorization();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    Call call = client.newCall(b.build());
    call.timeout().timeout(timeoutMs, TimeUnit.MILLISECONDS);
    try (Response r = call.execute()) {
      if (r.code() != 200) {
        throw new IOException("server returned HTTP status " + r.code() + " " + r.message());
      }
      ResponseBody body = r.body();
      long limit = options.bodySizeLimit();
      if (body.contentLength() > limit) {
        call.cancel(); // closes the connection: nothing more is read
        throw new IOException(tooLarge(limit));
      }
      BufferedSource source = body.source();
      Buffer buffer = new Buffer();
      while (source.read(buffer, 65536) != -1) {
        if (buffer.size() > limit) {
          buffer.clear();
          call.cancel(); // rather than OkHttp draining the rest to reuse the connection
          throw new IOException(tooLarge(limit));
        }
      }
      String type = r.header("Content-Type");
      return new Body(buffer.readUtf8(), type);
    }
  }

  private static String tooLarge(long limit) {
    return "the body is larger than " + ScrapeOptions.BODY_SIZE_LIMIT + " " + Sizes.format(limit);
  }

  // --- SeriesCache: called by the parser for each sample ---

  @Override
  public Object find(long hash) {
    return table.get(hash);
  }

  @Override
  public Object add(
      long hash,
      String name,
      String family,
      String type,
      String[] labelNames,
      String[] labelValues,
      int labelCount)
      throws ExpositionParser.Refused {
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < labelCount; i++) {
      map.put(intern(labelNames[i]), intern(labelValues[i]));
    }
    Series s;
    String sentName = name;
    if (!options.relabel().isEmpty()) {
      map.put("__name__", name);
      map = options.relabel().apply(map);
      sentName = map == null ? null : map.remove("__name__");
    }
    if (sentName == null || !Sample.isValidName(sentName)) {
      s = new Series(intern(name), intern(family), null, Sample.Kind.GAUGE);
    } else {
      map.keySet().removeIf(k -> k.startsWith("__"));
      Labels own = Labels.of(map);
      Labels withTarget = merge(own, target.labels(), true);
      if (options.labelLimit() > 0 && withTarget.size() + 1 > options.labelLimit()) {
        throw new ExpositionParser.Refused(
            ScrapeOptions.LABEL_LIMIT
                + " exceeded: "
                + sentName
                + " has "
                + (withTarget.size() + 1)
                + " labels (with __name__ and the target's), more than "
                + options.labelLimit());
      }
      s =
          new Series(
              intern(sentName),
              intern(family),
              names.share(merge(withTarget, base, true)),
              kind(type, sentName));
      added++;
    }
    table.put(hash, s);
    return s;
  }

  @Override
  public String family(Object series) {
    return ((Series) series).family;
  }

  @Override
  public void sample(Object series, double value, long timestampMs)
      throws ExpositionParser.Refused {
    Series s = (Series) series;
    scraped++;
    if (s.labels == null) {
      s.generation = generation;
      return;
    }
    if (s.generation == generation) {
      duplicates++;
      return;
    }
    s.generation = generation;
    kept++;
    if (options.sampleLimit() > 0 && kept > options.sampleLimit()) {
      return; // the body is still read to the end, for scrape_samples_scraped (as Prometheus)
    }
    long ts = scrapeTs;
    s.explicitTimestamp = false;
    if (timestampMs != ExpositionParser.NO_TIMESTAMP && options.honorTimestamps()) {
      ts = timestampMs;
      s.explicitTimestamp = true;
    }
    if (ts <= s.lastTs) {
      if (ts < s.lastTs) {
        outOfOrder++; // an exporter serving the same timestamp again repeats what was sent
      }
      return;
    }
    s.previousTs = s.lastTs;
    s.lastTs = ts;
    s.ended = false;
    double v = Double.isNaN(value) ? Sample.NORMAL_NAN : value;
    out.add(new Sample(s.name, s.labels, v, ts, s.kind));
  }

  // --- after a scrape ---

  /** Markers for the series the last scrape had and this one has not; they are forgotten. */
  private void endMissing() {
    int now = generation;
    table.forEach(
        s -> {
          if (s.generation != now) {
            marker(s, scrapeTs);
          }
        });
    table.retain(s -> s.generation == now);
    if (strings.size() > 4 * table.size() + 1024) {
      strings.clear(); // values of series long gone; live series keep their own references
      names.clear();
    }
  }

  /** A failed scrape: its samples are not sent, so their series keep their last timestamps. */
  private void rollBack() {
    int now = generation;
    table.forEach(
        s -> {
          if (s.generation == now && s.lastTs != s.previousTs) {
            s.lastTs = s.previousTs;
          }
        });
  }

  /** Markers for every series not ended yet (a failed scrape, or the target gone). */
  private void endAll(long ts) {
    table.forEach(s -> marker(s, ts));
  }

  private void marker(Series s, long ts) {
    if (s.labels == null || s.ended || s.explicitTimestamp || s.lastTs == Long.MIN_VALUE) {
      return; // Prometheus never marks series that carry their own timestamps
    }
    s.ended = true;
    out.add(Sample.staleMarker(s.name, s.labels, Math.max(ts, s.lastTs + 1), s.kind));
  }

  private void report(List<Sample> samples, boolean up, double seconds) {
    samples.add(gauge("up", up ? 1 : 0));
    samples.add(gauge("scrape_duration_seconds", seconds));
    samples.add(gauge("scrape_samples_scraped", scraped));
    samples.add(gauge("scrape_samples_post_metric_relabeling", up ? kept : 0));
    samples.add(gauge("scrape_series_added", up ? added : 0));
  }

  private Sample gauge(String name, double value) {
    return new Sample(name, reportLabels, value, scrapeTs, Sample.Kind.GAUGE);
  }

  /**
   * {@code own} with {@code other}'s labels added. Where both have a name, {@code other}'s value is
   * kept and {@code own}'s moves to {@code exported_<name>} (Prometheus without honor_labels),
   * unless {@code own} is the scraped side and honor_labels is on: then {@code own}'s value stays.
   */
  private Labels merge(Labels own, Labels other, boolean scrapedSide) {
    if (other.size() == 0) {
      return own;
    }
    boolean clash = false;
    for (int i = 0; i < other.size() && !clash; i++) {
      clash = own.get(other.name(i)) != null;
    }
    if (!clash) {
      return own.merge(other);
    }
    TreeMap<String, String> map = new TreeMap<>(own.asMap());
    for (int i = 0; i < other.size(); i++) {
      String name = other.name(i);
      String mine = map.get(name);
      if (mine == null) {
        map.put(name, other.value(i));
      } else if (scrapedSide && options.honorLabels()) {
        continue; // the scraped value stays
      } else {
        String exported = "exported_" + name;
        while (map.containsKey(exported)) {
          exported = "exported_" + exported;
        }
        map.put(exported, mine);
        map.put(name, other.value(i));
      }
    }
    return Labels.of(map);
  }

  private String intern(String s) {
    String known = strings.putIfAbsent(s, s);
    return known == null ? s : known;
  }

  private static Sample.Kind kind(String type, String name) {
    if (type.equals("counter")) {
      return Sample.Kind.COUNTER;
    }
    if ((type.equals("histogram") || type.equals("summary") || type.equals("gaugehistogram"))
        && (name.endsWith("_bucket") || name.endsWith("_count") || name.endsWith("_sum"))) {
      return Sample.Kind.COUNTER;
    }
    return Sample.Kind.GAUGE;
  }
}
