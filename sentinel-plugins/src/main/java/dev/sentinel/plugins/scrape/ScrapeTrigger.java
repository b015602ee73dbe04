package dev.sentinel.plugins.scrape;

import static dev.sentinel.core.plugin.trigger.TriggerArg.flag;
import static dev.sentinel.core.plugin.trigger.TriggerArg.option;
import static dev.sentinel.core.plugin.trigger.TriggerArg.parameter;

import dev.sentinel.core.plugin.trigger.TriggerArgs;
import dev.sentinel.core.plugin.trigger.TriggerException;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.plugin.trigger.TriggerTimes;
import dev.sentinel.core.tls.TlsSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * {@code sentinel trigger scrape URL [-t TIMEOUT] [-k] [--sample-limit N] [--label-limit N]}: one
 * scrape, its counts and first series printed (like promtool's checks), nothing sent.
 */
final class ScrapeTrigger {
  private ScrapeTrigger() {}

  static TriggerSpec spec() {
    return new TriggerSpec(
        "Scrape URL once and print what it yields: counts, the first series, errors.",
        List.of(
            parameter(
                "url", "URL", "The exporter's http:// or https:// URL (path and query kept)."),
            option(
                "timeout",
                "TIMEOUT",
                "10s",
                "Give up after TIMEOUT: 10 (seconds) or 500ms.",
                "-t",
                "--timeout"),
            flag("insecure", "Do not verify the server certificate.", "-k", "--insecure"),
            option(
                "sample_limit",
                "N",
                null,
                "Fail the scrape over N samples (sample_limit).",
                "--sample-limit"),
            option(
                "label_limit",
                "N",
                null,
                "Fail the scrape when a series has over N labels (label_limit).",
                "--label-limit")),
        ScrapeTrigger::request);
  }

  private static TriggerRequest request(TriggerArgs args) throws TriggerException {
    String text = args.value("url").orElseThrow();
    HttpUrl url = HttpUrl.parse(text);
    if (url == null) {
      throw new TriggerException("URL: \"" + text + "\" is not an http:// or https:// URL");
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new TriggerException("URL: must not contain credentials");
    }
    String timeout = args.value("timeout").orElseThrow();
    Map<String, Object> options = new LinkedHashMap<>();
    options.put(
        ScrapeOptions.TARGETS,
        List.of(
            url.host().contains(":")
                ? "[" + url.host() + "]:" + url.port()
                : url.host() + ":" + url.port()));
    options.put(ScrapeOptions.SCHEME, url.scheme());
    options.put(ScrapeOptions.PATH, url.encodedPath());
    if (url.querySize() > 0) {
      Map<String, List<String>> params = new LinkedHashMap<>();
      for (int i = 0; i < url.querySize(); i++) {
        String value = url.queryParameterValue(i);
        params
            .computeIfAbsent(url.queryParameterName(i), k -> new ArrayList<>())
            .add(value == null ? "" : value);
      }
      options.put("params", params);
    }
    options.put(ScrapeOptions.TIMEOUT, TriggerTimes.seconds(timeout));
    args.value("sample_limit").ifPresent(n -> options.put(ScrapeOptions.SAMPLE_LIMIT, n));
    args.value("label_limit").ifPresent(n -> options.put(ScrapeOptions.LABEL_LIMIT, n));
    if (args.flag("insecure")) {
      options.put("tls", Map.of(TlsSettings.INSECURE_SKIP_VERIFY, true));
    }
    Map<String, String> argNames =
        Map.of(
            ScrapeOptions.TARGETS, "URL",
            ScrapeOptions.PATH, "URL",
            ScrapeOptions.TIMEOUT, "-t/--timeout",
            ScrapeOptions.SAMPLE_LIMIT, "--sample-limit",
            ScrapeOptions.LABEL_LIMIT, "--label-limit");
    return TriggerRequest.of(
            url.host() + ":" + url.port(), options, TriggerTimes.budget(timeout), argNames)
        .countingSamples();
  }
}
