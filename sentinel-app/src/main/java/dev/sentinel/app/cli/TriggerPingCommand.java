package dev.sentinel.app.cli;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.FileError;
import dev.sentinel.plugins.net.IpFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sentinel trigger ping HOST... [-f FILE] [-n COUNT] [-i INTERVAL] [-t TIMEOUT] [-s SIZE]
 * [-4|-6] [--source ADDR] [--method M] [--json]}: one host prints like ping, many like fping.
 */
@Command(name = "ping", description = "Ping one or more hosts with the ping plugin and print the result.")
final class TriggerPingCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "HOST", arity = "0..*", showDefaultValue = Visibility.NEVER,
      description = "Host names or addresses.")
  List<String> hosts = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read hosts from FILE, one per line (# comments).")
  Path file;

  @Option(names = {"-n", "--count"}, paramLabel = "COUNT", defaultValue = "4", description = "Echo requests per host.")
  String count;

  @Option(names = {"-i", "--interval"}, paramLabel = "INTERVAL", defaultValue = "1s",
      description = "Time between echoes to one host: 0.2 (seconds, like ping) or 200ms.")
  String interval;

  @Option(names = {"-t", "--timeout"}, paramLabel = "TIMEOUT", defaultValue = "2s",
      description = "How long to wait for each reply: 2 (seconds) or 500ms.")
  String timeout;

  @Option(names = {"-s", "--size"}, paramLabel = "SIZE", description = "ICMP payload bytes (default 56).")
  String size;

  @Option(names = "-4", description = "IPv4 only.")
  boolean ipv4;

  @Option(names = "-6", description = "IPv6 only.")
  boolean ipv6;

  @Option(names = "--source", paramLabel = "ADDR", description = "Source address to send from.")
  String source;

  @Option(names = "--method", paramLabel = "METHOD", description = "auto (default), dgram, raw or exec.")
  String method;

  @Option(names = "--json", description = "Print the samples as JSON lines instead of the report.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    var err = spec.commandLine().getErr();
    List<String> all = new ArrayList<>(hosts);
    if (file != null) {
      try {
        for (String line : Files.readAllLines(file)) {
          String h = line.replaceFirst("#.*", "").strip();
          if (!h.isEmpty()) {
            all.add(h);
          }
        }
      } catch (IOException e) {
        err.println("sentinel: -f/--file: " + FileError.cannotRead(file, e));
        return Main.USAGE;
      }
    }
    if (all.isEmpty()) {
      err.println("sentinel: give at least one HOST, or -f FILE");
      return Main.USAGE;
    }
    if (ipv4 && ipv6) {
      err.println("sentinel: -4 and -6 exclude each other");
      return Main.USAGE;
    }
    Map<String, Object> options = new LinkedHashMap<>();
    if (all.size() == 1 && file == null) {
      options.put("host", all.get(0));
    } else {
      options.put("targets", all);
    }
    options.put("count", count);
    options.put("interval", seconds(interval));
    options.put("timeout", seconds(timeout));
    putIfSet(options, "size", size);
    putIfSet(options, "source", source);
    putIfSet(options, "method", method);
    if (ipv4 || ipv6) {
      options.put(IpFamily.KEY, ipv4 ? "ip4" : "ip6");
    }
    Map<String, String> flags = Map.of(
        "host", "HOST", "targets", "HOST", "count", "-n/--count", "interval", "-i/--interval",
        "timeout", "-t/--timeout", "size", "-s/--size", "source", "--source", "method", "--method");
    String device = all.size() == 1 ? all.get(0) : "trigger";
    return new TriggerRun(spec.commandLine().getOut(), err, flags).run("ping", device, options, budget(), json, all.size() == 1);
  }

  private static void putIfSet(Map<String, Object> options, String key, String value) {
    if (value != null) {
      options.put(key, value);
    }
  }

  private static String seconds(String value) {
    return TriggerTimes.seconds(value);
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
