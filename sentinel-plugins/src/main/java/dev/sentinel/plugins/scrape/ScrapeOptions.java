package dev.sentinel.plugins.scrape;

import dev.sentinel.core.client.ClientAuth;
import dev.sentinel.core.client.ProxyUrl;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.tls.TlsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scrape task's validated options. Every problem is reported through the {@link Section}.
 *
 * @param timeout the scrape's own limit, or null for the task's budget
 * @param params URL query parameters, each with one or more values
 * @param fileSd null without file-based discovery
 */
record ScrapeOptions(
    String job,
    List<String> targets,
    FileSd fileSd,
    String scheme,
    String path,
    Map<String, List<String>> params,
    ClientAuth auth,
    TlsSettings tls,
    ProxyUrl proxy,
    Duration timeout,
    boolean honorLabels,
    boolean honorTimestamps,
    int sampleLimit,
    int labelLimit,
    long bodySizeLimit,
    Relabel relabel) {

  // The option keys a trigger sets too, spelled once.
  static final String TARGETS = "targets";
  static final String SCHEME = "scheme";
  static final String PATH = "path";
  static final String TIMEOUT = "timeout";
  static final String SAMPLE_LIMIT = "sample_limit";
  static final String LABEL_LIMIT = "label_limit";
  static final String BODY_SIZE_LIMIT = "body_size_limit";
  static final String HONOR_TIMESTAMPS = "honor_timestamps";

  /** vmagent's -promscrape.maxScrapeSize: a body past this fails the scrape, whatever it holds. */
  static final long DEFAULT_BODY_SIZE_LIMIT = 16L * 1024 * 1024;

  static final long MAX_BODY_SIZE_LIMIT = 1L << 30;

  static ScrapeOptions parse(Section o, TaskInfo task) {
    String job = o.string("job", task.id());
    if (job.isEmpty()) {
      o.error("job", "must not be empty");
    }
    List<String> targets = new ArrayList<>();
    for (Section.Item item : o.items(TARGETS)) {
      if (!item.node().isScalar() || item.node().isNull()) {
        o.problems().error(item.node().line(), item.path(), "must be a single value (host:port)");
        continue;
      }
      String t = item.node().asString().strip();
      String problem = Target.addressProblem(t, true);
      if (problem != null && t.contains("/")) {
        problem +=
            " (the scheme, path and parameters are options of their own: scheme, path, params)";
      }
      if (problem != null) {
        o.problems().error(item.node().line(), item.path(), problem);
      } else {
        targets.add(t);
      }
    }
    FileSd fileSd = FileSd.read(o);
    if (!o.has(TARGETS) && fileSd == null) {
      o.error(TARGETS, "is required (a list of host:port), unless file_sd finds the targets");
    }
    String scheme = o.choice(SCHEME, "http", List.of("http", "https"));
    String path = o.string(PATH, "/metrics");
    if (!path.startsWith("/")) {
      o.error(PATH, "\"" + path + "\" must start with /");
    }
    Map<String, List<String>> params = params(o);
    ClientAuth auth = ClientAuth.read(o);
    TlsSettings tls = TlsSettings.NONE;
    if (o.has("tls")) {
      tls = TlsSettings.read(o.section("tls"), null);
    }
    ProxyUrl proxy = ProxyUrl.read(o, true);
    Duration timeout =
        o.optionalDuration(TIMEOUT, Duration.ofMillis(1), Duration.ofHours(1)).orElse(null);
    boolean honorLabels = o.bool("honor_labels", false);
    boolean honorTimestamps = o.bool(HONOR_TIMESTAMPS, true);
    int sampleLimit = o.integer(SAMPLE_LIMIT, 0, 0, Integer.MAX_VALUE);
    int labelLimit = o.integer(LABEL_LIMIT, 0, 0, Integer.MAX_VALUE);
    long bodySizeLimit =
        o.size(BODY_SIZE_LIMIT, DEFAULT_BODY_SIZE_LIMIT, 1024, MAX_BODY_SIZE_LIMIT);
    Relabel relabel = Relabel.read(o);
    return new ScrapeOptions(
        job,
        List.copyOf(targets),
        fileSd,
        scheme,
        path,
        params,
        auth,
        tls,
        proxy,
        timeout,
        honorLabels,
        honorTimestamps,
        sampleLimit,
        labelLimit,
        bodySizeLimit,
        relabel);
  }

  /** {@code params: {name: value}} or {@code {name: [value, …]}}, as Prometheus' params. */
  private static Map<String, List<String>> params(Section o) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    ConfigNode n = o.node("params");
    o.accept("params");
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isMap()) {
      o.error("params", "must be a mapping of names to a value or a list of values");
      return out;
    }
    n.asMap()
        .forEach(
            (k, v) -> {
              List<String> values = new ArrayList<>();
              if (v.isList()) {
                for (ConfigNode e : v.asList()) {
                  if (e.isScalar() && !e.isNull()) {
                    values.add(e.asString());
                  } else {
                    o.problems()
                        .error(e.line(), o.keyPath("params") + "." + k, "must hold single values");
                  }
                }
              } else if (v.isScalar() && !v.isNull()) {
                values.add(v.asString());
              } else {
                o.problems()
                    .error(
                        v.line(),
                        o.keyPath("params") + "." + k,
                        "must be a value or a list of values");
              }
              out.put(k, List.copyOf(values));
            });
    return Map.copyOf(out);
  }

  /** The labels every target of this task carries before its own: {@code job}. */
  Labels jobLabels() {
    return Labels.of("job", job);
  }
}
