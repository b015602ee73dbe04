package dev.sentinel.plugins.netdev;

import static dev.sentinel.core.plugin.trigger.TriggerArg.flag;
import static dev.sentinel.core.plugin.trigger.TriggerArg.option;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.plugin.trigger.TriggerArgs;
import dev.sentinel.core.plugin.trigger.TriggerException;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.plugin.trigger.TriggerTimes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sentinel trigger netdev [-i REGEX] [-x REGEX] [--rates [--interval D]] [--link]}. */
final class NetdevTrigger {
  private NetdevTrigger() {}

  static TriggerSpec spec() {
    return new TriggerSpec(
        "Read the host's network counters with the netdev plugin and print them.",
        List.of(
            option(
                "include",
                "REGEX",
                null,
                "Only interfaces whose whole name matches REGEX (then lo is not left out by"
                    + " default).",
                "-i",
                "--include"),
            option(
                "exclude",
                "REGEX",
                null,
                "Leave out interfaces whose whole name matches REGEX (default: lo, unless -i is"
                    + " given).",
                "-x",
                "--exclude"),
            option(
                "fields",
                "REGEX",
                null,
                "Protocol counters to show, as Proto_Field (default: node_exporter's useful set;"
                    + " '.*' for all).",
                "--fields"),
            flag(
                "no-netstat",
                "Leave out the protocol counters (/proc/net/snmp, netstat, snmp6).",
                "--no-netstat"),
            flag(
                "link",
                "Also show MTU, speed, operational state and carrier from /sys/class/net.",
                "--link"),
            flag(
                "rates",
                "Read twice, --interval apart, and also print per-second rates.",
                "--rates"),
            option(
                "interval",
                "DURATION",
                "1s",
                "With --rates: time between the two readings: 1 (seconds) or 500ms.",
                "--interval"),
            option(
                "proc",
                "PATH",
                null,
                "Read PATH/net/… instead of /proc/net/… (e.g. a container's /proc).",
                "--proc")),
        NetdevTrigger::request);
  }

  private static TriggerRequest request(TriggerArgs args) throws TriggerException {
    Map<String, Object> options = new LinkedHashMap<>();
    args.value("include").ifPresent(v -> options.put(NetdevOptions.INTERFACES_INCLUDE, v));
    args.value("exclude").ifPresent(v -> options.put(NetdevOptions.INTERFACES_EXCLUDE, v));
    args.value("fields").ifPresent(v -> options.put(NetdevOptions.FIELDS, v));
    args.value("proc").ifPresent(v -> options.put(NetdevOptions.PROC_PATH, v));
    if (args.flag("no-netstat")) {
      options.put(NetdevOptions.NETSTAT, false);
    }
    if (args.flag("link")) {
      options.put(NetdevOptions.LINK, true);
    }
    Map<String, String> argNames =
        Map.of(
            NetdevOptions.INTERFACES_INCLUDE,
            "-i/--include",
            NetdevOptions.INTERFACES_EXCLUDE,
            "-x/--exclude",
            NetdevOptions.FIELDS,
            "--fields",
            NetdevOptions.PROC_PATH,
            "--proc");
    TriggerRequest r =
        TriggerRequest.of("netdev", options, Duration.ofSeconds(10), argNames).countingSamples();
    if (!args.flag("rates")) {
      return r;
    }
    options.put(NetdevOptions.RATES, true);
    Duration gap;
    try {
      gap = Durations.parse(TriggerTimes.seconds(args.value("interval").orElseThrow()));
    } catch (IllegalArgumentException e) {
      throw new TriggerException("--interval: " + e.getMessage());
    }
    if (gap.isZero() || gap.isNegative() || gap.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new TriggerException("--interval: must be more than 0 and at most 10m");
    }
    return TriggerRequest.of("netdev", options, Duration.ofSeconds(10), argNames)
        .countingSamples()
        .afterWarmUp(gap);
  }
}
