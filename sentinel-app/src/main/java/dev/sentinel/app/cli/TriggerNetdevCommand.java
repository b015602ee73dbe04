package dev.sentinel.app.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sentinel trigger netdev [-i REGEX] [-x REGEX] [--rates [--interval D]] [--link] [--json]}. */
@Command(name = "netdev", description = "Read the host's network counters with the netdev plugin and print them.")
final class TriggerNetdevCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-i", "--include"}, paramLabel = "REGEX",
      description = "Only interfaces whose whole name matches REGEX (then lo is not left out by default).")
  String include;

  @Option(names = {"-x", "--exclude"}, paramLabel = "REGEX",
      description = "Leave out interfaces whose whole name matches REGEX (default: lo, unless -i is given).")
  String exclude;

  @Option(names = "--fields", paramLabel = "REGEX",
      description = "Protocol counters to show, as Proto_Field (default: node_exporter's useful set; '.*' for all).")
  String fields;

  @Option(names = "--no-netstat", description = "Leave out the protocol counters (/proc/net/snmp, netstat, snmp6).")
  boolean noNetstat;

  @Option(names = "--link", description = "Also show MTU, speed, operational state and carrier from /sys/class/net.")
  boolean link;

  @Option(names = "--rates", description = "Read twice, --interval apart, and also print per-second rates.")
  boolean rates;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
      description = "With --rates: time between the two readings: 1 (seconds) or 500ms.")
  String interval;

  @Option(names = "--proc", paramLabel = "PATH", description = "Read PATH/net/… instead of /proc/net/… (e.g. a container's /proc).")
  String procPath;

  @Option(names = "--json", description = "Print the samples as JSON lines instead of the tables.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, Object> options = new LinkedHashMap<>();
    put(options, "interfaces_include", include);
    put(options, "interfaces_exclude", exclude);
    put(options, "fields", fields);
    put(options, "proc_path", procPath);
    if (noNetstat) {
      options.put("netstat", false);
    }
    if (link) {
      options.put("link", true);
    }
    Duration warmUp = null;
    if (rates) {
      options.put("rates", true);
      try {
        warmUp = dev.sentinel.core.options.Durations.parse(TriggerTimes.seconds(interval));
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("sentinel: --interval: " + e.getMessage());
        return Main.USAGE;
      }
      if (warmUp.isZero() || warmUp.isNegative() || warmUp.compareTo(Duration.ofMinutes(10)) > 0) {
        spec.commandLine().getErr().println("sentinel: --interval: must be more than 0 and at most 10m");
        return Main.USAGE;
      }
    }
    Map<String, String> flags = Map.of("interfaces_include", "-i/--include", "interfaces_exclude", "-x/--exclude",
        "fields", "--fields", "proc_path", "--proc");
    return new TriggerRun(spec.commandLine().getOut(), spec.commandLine().getErr(), flags)
        .run("netdev", "netdev", options, Duration.ofSeconds(10), json, false, warmUp);
  }

  private static void put(Map<String, Object> options, String key, String value) {
    if (value != null) {
      options.put(key, value);
    }
  }
}
