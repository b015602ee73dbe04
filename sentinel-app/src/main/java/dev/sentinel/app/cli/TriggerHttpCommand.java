package dev.sentinel.app.cli;

import dev.sentinel.core.client.HttpClientOptions;
import dev.sentinel.core.tls.TlsSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentinel trigger http URL [-X METHOD] [-t TIMEOUT] [-k] [--json]}. */
@Command(name = "http", description = "Probe URL with the http plugin and print phases, TLS and the samples.")
final class TriggerHttpCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "http:// or https:// URL.")
  String url;

  @Option(names = {"-X", "--method"}, paramLabel = "METHOD", description = "HTTP method (default GET).")
  String method;

  @Option(names = {"-t", "--timeout"}, paramLabel = "TIMEOUT", defaultValue = "10s",
      description = "Give up after TIMEOUT: 10 (seconds) or 500ms.")
  String timeout;

  @Option(names = {"-k", "--insecure"}, description = "Do not verify the server certificate.")
  boolean insecure;

  @Option(names = "--json", description = "Print the samples as JSON lines instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put(HttpClientOptions.URL, url);
    options.put("timeout", TriggerTimes.seconds(timeout));
    if (method != null) {
      options.put("method", method);
    }
    if (insecure) {
      options.put(HttpClientOptions.TLS, Map.of(TlsSettings.INSECURE_SKIP_VERIFY, true));
    }
    Map<String, String> flags = Map.of(HttpClientOptions.URL, "URL", "method", "-X/--method", "timeout", "-t/--timeout");
    return new TriggerRun(spec.commandLine().getOut(), spec.commandLine().getErr(), flags)
        .run("http", url.replaceFirst("^https?://", "").replaceFirst("/.*", ""), options,
            TriggerTimes.budget(timeout), json, true);
  }
}
