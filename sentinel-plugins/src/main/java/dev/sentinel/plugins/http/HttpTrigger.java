package dev.sentinel.plugins.http;

import static dev.sentinel.core.plugin.trigger.TriggerArg.flag;
import static dev.sentinel.core.plugin.trigger.TriggerArg.option;
import static dev.sentinel.core.plugin.trigger.TriggerArg.parameter;

import dev.sentinel.core.client.HttpClientOptions;
import dev.sentinel.core.plugin.trigger.TriggerArgs;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.plugin.trigger.TriggerTimes;
import dev.sentinel.core.tls.TlsSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sentinel trigger http URL [-X METHOD] [-t TIMEOUT] [-k]}. */
final class HttpTrigger {
  private HttpTrigger() {}

  static TriggerSpec spec() {
    return new TriggerSpec(
        "Probe URL with the http plugin and print phases, TLS and the samples.",
        List.of(
            parameter("url", "URL", "http:// or https:// URL."),
            option("method", "METHOD", null, "HTTP method (default GET).", "-X", "--method"),
            option(
                "timeout",
                "TIMEOUT",
                "10s",
                "Give up after TIMEOUT: 10 (seconds) or 500ms.",
                "-t",
                "--timeout"),
            flag("insecure", "Do not verify the server certificate.", "-k", "--insecure")),
        HttpTrigger::request);
  }

  private static TriggerRequest request(TriggerArgs args) {
    String url = args.value("url").orElseThrow();
    String timeout = args.value("timeout").orElseThrow();
    Map<String, Object> options = new LinkedHashMap<>();
    options.put(HttpClientOptions.URL, url);
    options.put(HttpProbeOptions.TIMEOUT, TriggerTimes.seconds(timeout));
    args.value("method").ifPresent(m -> options.put(HttpProbeOptions.METHOD, m));
    if (args.flag("insecure")) {
      options.put(HttpClientOptions.TLS, Map.of(TlsSettings.INSECURE_SKIP_VERIFY, true));
    }
    Map<String, String> argNames =
        Map.of(
            HttpClientOptions.URL,
            "URL",
            HttpProbeOptions.METHOD,
            "-X/--method",
            HttpProbeOptions.TIMEOUT,
            "-t/--timeout");
    return TriggerRequest.of(
        url.replaceFirst("^https?://", "").replaceFirst("/.*", ""),
        options,
        TriggerTimes.budget(timeout),
        argNames);
  }
}
