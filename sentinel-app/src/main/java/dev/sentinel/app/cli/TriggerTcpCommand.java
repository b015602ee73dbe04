package dev.sentinel.app.cli;

import dev.sentinel.core.tls.TlsSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentinel trigger tcp HOST:PORT [--tls] [-k] [-t TIMEOUT] [--json]}. */
@Command(name = "tcp", description = "Connect to HOST:PORT with the tcp plugin and print the result.")
final class TriggerTcpCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "HOST:PORT", description = "e.g. 127.0.0.1:22 or [::1]:443.")
  String target;

  @Option(names = "--tls", description = "Do a TLS handshake after connecting.")
  boolean tls;

  @Option(names = {"-k", "--insecure"}, description = "With --tls: do not verify the certificate.")
  boolean insecure;

  @Option(names = {"-t", "--timeout"}, paramLabel = "TIMEOUT", defaultValue = "10s",
      description = "Give up after TIMEOUT: 10 (seconds) or 500ms.")
  String timeout;

  @Option(names = "--json", description = "Print the samples as JSON lines instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      spec.commandLine().getErr().println("sentinel: HOST:PORT: \"" + target + "\" needs a port, e.g. 127.0.0.1:22");
      return Main.USAGE;
    }
    String host = target.substring(0, colon).replaceAll("^\\[|]$", "");
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("host", host);
    options.put("port", target.substring(colon + 1));
    options.put("timeout", TriggerTimes.seconds(timeout));
    if (tls) {
      options.put("tls", true);
      if (insecure) {
        options.put("tls_config", Map.of(TlsSettings.INSECURE_SKIP_VERIFY, true));
      }
    }
    Map<String, String> flags = Map.of("host", "HOST:PORT", "port", "HOST:PORT", "timeout", "-t/--timeout");
    return new TriggerRun(spec.commandLine().getOut(), spec.commandLine().getErr(), flags)
        .run("tcp", target, options, TriggerTimes.budget(timeout), json, true);
  }
}
