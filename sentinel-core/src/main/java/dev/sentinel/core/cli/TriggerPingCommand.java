package dev.sentinel.core.cli;

import dev.sentinel.core.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentinel trigger ping HOST [-n COUNT] [-i INTERVAL] [-t TIMEOUT]}. */
@Command(name = "ping", description = "Ping HOST once with the ping plugin and print the result.")
final class TriggerPingCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "HOST", description = "Host name or address.")
  String host;

  @Option(names = {"-n", "--count"}, paramLabel = "COUNT", defaultValue = "4", description = "Echo requests to send (default ${DEFAULT-VALUE}).")
  String count;

  @Option(names = {"-i", "--interval"}, paramLabel = "INTERVAL", defaultValue = "1s",
      description = "Time between echoes: 0.2 (seconds, like ping) or 200ms (default ${DEFAULT-VALUE}).")
  String interval;

  @Option(names = {"-t", "--timeout"}, paramLabel = "TIMEOUT", defaultValue = "2s",
      description = "How long to wait for each reply: 2 (seconds) or 500ms (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--json", description = "Print the samples as JSON lines instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("host", host);
    options.put("count", count);
    options.put("interval", seconds(interval));
    options.put("timeout", seconds(timeout));
    Map<String, String> flags = Map.of(
        "host", "HOST", "count", "-n/--count", "interval", "-i/--interval", "timeout", "-t/--timeout");
    return new TriggerRun(spec.commandLine().getOut(), spec.commandLine().getErr(), flags)
        .run("ping", host, options, budget(), json);
  }

  /** Like ping(8), a bare number on the command line means seconds. */
  private static String seconds(String value) {
    return value.trim().matches("\\d+(\\.\\d+)?") ? value.trim() + "s" : value;
  }

  /** The hard limit for the whole run: every echo, the last reply's wait, and slack for start-up. */
  private Duration budget() {
    try {
      int n = Integer.parseInt(count.trim());
      Duration i = Durations.parse(seconds(interval));
      Duration t = Durations.parse(seconds(timeout));
      return i.multipliedBy(Math.max(0, n - 1)).plus(t).plusSeconds(5);
    } catch (RuntimeException e) {
      return Duration.ofSeconds(30); // the plugin reports the bad value
    }
  }
}
