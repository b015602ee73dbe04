package dev.sentinel.plugins.tcp;

import static dev.sentinel.core.plugin.trigger.TriggerArg.flag;
import static dev.sentinel.core.plugin.trigger.TriggerArg.option;
import static dev.sentinel.core.plugin.trigger.TriggerArg.parameter;

import dev.sentinel.core.plugin.trigger.TriggerArgs;
import dev.sentinel.core.plugin.trigger.TriggerException;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.plugin.trigger.TriggerTimes;
import dev.sentinel.core.tls.TlsSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sentinel trigger tcp HOST:PORT [--tls] [-k] [-t TIMEOUT]}. */
final class TcpTrigger {
  private TcpTrigger() {}

  static TriggerSpec spec() {
    return new TriggerSpec(
        "Connect to HOST:PORT with the tcp plugin and print the result.",
        List.of(
            parameter("target", "HOST:PORT", "e.g. 127.0.0.1:22 or [::1]:443."),
            flag("tls", "Do a TLS handshake after connecting.", "--tls"),
            flag("insecure", "With --tls: do not verify the certificate.", "-k", "--insecure"),
            option(
                "timeout",
                "TIMEOUT",
                "10s",
                "Give up after TIMEOUT: 10 (seconds) or 500ms.",
                "-t",
                "--timeout")),
        TcpTrigger::request);
  }

  private static TriggerRequest request(TriggerArgs args) throws TriggerException {
    String target = args.value("target").orElseThrow();
    String timeout = args.value("timeout").orElseThrow();
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      throw new TriggerException("HOST:PORT: \"" + target + "\" needs a port, e.g. 127.0.0.1:22");
    }
    Map<String, Object> options = new LinkedHashMap<>();
    options.put(TcpOptions.HOST, target.substring(0, colon).replaceAll("^\\[|]$", ""));
    options.put(TcpOptions.PORT, target.substring(colon + 1));
    options.put(TcpOptions.TIMEOUT, TriggerTimes.seconds(timeout));
    if (args.flag("tls")) {
      options.put(TcpOptions.TLS, true);
      if (args.flag("insecure")) {
        options.put(TcpOptions.TLS_CONFIG, Map.of(TlsSettings.INSECURE_SKIP_VERIFY, true));
      }
    }
    Map<String, String> argNames =
        Map.of(
            TcpOptions.HOST,
            "HOST:PORT",
            TcpOptions.PORT,
            "HOST:PORT",
            TcpOptions.TIMEOUT,
            "-t/--timeout");
    return TriggerRequest.of(target, options, TriggerTimes.budget(timeout), argNames);
  }
}
