package dev.sentinel.plugins.ping;

import static dev.sentinel.core.plugin.trigger.TriggerArg.flag;
import static dev.sentinel.core.plugin.trigger.TriggerArg.option;
import static dev.sentinel.core.plugin.trigger.TriggerArg.parameters;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.FileError;
import dev.sentinel.core.plugin.trigger.TriggerArgs;
import dev.sentinel.core.plugin.trigger.TriggerException;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.plugin.trigger.TriggerTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sentinel trigger ping HOST... [-f FILE] [-n COUNT] [-i INTERVAL] [-t TIMEOUT] [-s SIZE]
 * [-4|-6] [--source ADDR] [--method M]}: one host prints like ping, many like fping.
 */
final class PingTrigger {
  private PingTrigger() {}

  static TriggerSpec spec() {
    return new TriggerSpec(
        "Ping one or more hosts with the ping plugin and print the result.",
        List.of(
            parameters("hosts", "HOST", "Host names or addresses."),
            option(
                "file",
                "FILE",
                null,
                "Read hosts from FILE, one per line (# comments).",
                "-f",
                "--file"),
            option("count", "COUNT", "4", "Echo requests per host.", "-n", "--count"),
            option(
                "interval",
                "INTERVAL",
                "1s",
                "Time between echoes to one host: 0.2 (seconds, like ping) or 200ms.",
                "-i",
                "--interval"),
            option(
                "timeout",
                "TIMEOUT",
                "2s",
                "How long to wait for each reply: 2 (seconds) or 500ms.",
                "-t",
                "--timeout"),
            option("size", "SIZE", null, "ICMP payload bytes (default 56).", "-s", "--size"),
            flag("ipv4", "IPv4 only.", "-4"),
            flag("ipv6", "IPv6 only.", "-6"),
            option("source", "ADDR", null, "Source address to send from.", "--source"),
            option("method", "METHOD", null, "auto (default), dgram, raw or exec.", "--method")),
        PingTrigger::request);
  }

  private static TriggerRequest request(TriggerArgs args) throws TriggerException {
    List<String> all = new ArrayList<>(args.values("hosts"));
    Path file = args.value("file").map(Path::of).orElse(null);
    if (file != null) {
      try {
        for (String line : Files.readAllLines(file)) {
          String h = line.replaceFirst("#.*", "").strip();
          if (!h.isEmpty()) {
            all.add(h);
          }
        }
      } catch (IOException e) {
        throw new TriggerException("-f/--file: " + FileError.cannotRead(file, e));
      }
    }
    if (all.isEmpty()) {
      throw new TriggerException("give at least one HOST, or -f FILE");
    }
    if (args.flag("ipv4") && args.flag("ipv6")) {
      throw new TriggerException("-4 and -6 exclude each other");
    }
    String count = args.value("count").orElseThrow();
    String interval = TriggerTimes.seconds(args.value("interval").orElseThrow());
    String timeout = TriggerTimes.seconds(args.value("timeout").orElseThrow());
    Map<String, Object> options = new LinkedHashMap<>();
    boolean one = all.size() == 1 && file == null;
    if (one) {
      options.put(PingOptions.HOST, all.get(0));
    } else {
      options.put(PingOptions.TARGETS, all);
    }
    options.put(PingOptions.COUNT, count);
    options.put(PingOptions.INTERVAL, interval);
    options.put(PingOptions.TIMEOUT, timeout);
    args.value("size").ifPresent(v -> options.put(PingOptions.SIZE, v));
    args.value("source").ifPresent(v -> options.put(PingOptions.SOURCE, v));
    args.value("method").ifPresent(v -> options.put(PingOptions.METHOD, v));
    if (args.flag("ipv4") || args.flag("ipv6")) {
      options.put(PingOptions.IP_FAMILY, args.flag("ipv4") ? "ip4" : "ip6");
    }
    Map<String, String> argNames =
        Map.of(
            PingOptions.HOST,
            "HOST",
            PingOptions.TARGETS,
            "HOST",
            PingOptions.COUNT,
            "-n/--count",
            PingOptions.INTERVAL,
            "-i/--interval",
            PingOptions.TIMEOUT,
            "-t/--timeout",
            PingOptions.SIZE,
            "-s/--size",
            PingOptions.SOURCE,
            "--source",
            PingOptions.METHOD,
            "--method");
    TriggerRequest r =
        TriggerRequest.of(
            all.size() == 1 ? all.get(0) : "trigger",
            options,
            budget(count, interval, timeout),
            argNames);
    return all.size() == 1 ? r : r.countingSamples();
  }

  /**
   * The hard limit for the whole run: every echo, the last reply's wait, and slack for start-up.
   */
  private static Duration budget(String count, String interval, String timeout) {
    try {
      int n = Integer.parseInt(count.trim());
      return Durations.parse(interval)
          .multipliedBy(Math.max(0, n - 1))
          .plus(Durations.parse(timeout))
          .plusSeconds(5);
    } catch (RuntimeException e) {
      return Duration.ofSeconds(30); // the plugin reports the bad value
    }
  }
}
