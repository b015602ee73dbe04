package dev.sentinel.plugins.dns;

import static dev.sentinel.core.plugin.trigger.TriggerArg.flag;
import static dev.sentinel.core.plugin.trigger.TriggerArg.option;
import static dev.sentinel.core.plugin.trigger.TriggerArg.parameter;

import dev.sentinel.core.plugin.trigger.TriggerArgs;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.plugin.trigger.TriggerTimes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sentinel trigger dns NAME [--type T] [--server S] [--tcp] [-t TIMEOUT]}. */
final class DnsTrigger {
  private DnsTrigger() {}

  static TriggerSpec spec() {
    return new TriggerSpec(
        "Query NAME with the dns plugin and print the answers.",
        List.of(
            parameter("name", "NAME", "The name to query."),
            option("type", "TYPE", "A", "A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT.", "--type"),
            option(
                "server",
                "SERVER",
                null,
                "host[:port] (default: the system resolver).",
                "--server"),
            flag("tcp", "Query over TCP instead of UDP.", "--tcp"),
            option(
                "timeout",
                "TIMEOUT",
                "5s",
                "Give up after TIMEOUT: 5 (seconds) or 500ms.",
                "-t",
                "--timeout")),
        DnsTrigger::request);
  }

  private static TriggerRequest request(TriggerArgs args) {
    String name = args.value("name").orElseThrow();
    String timeout = args.value("timeout").orElseThrow();
    Map<String, Object> options = new LinkedHashMap<>();
    options.put(DnsOptions.QUERY_NAME, name);
    options.put(DnsOptions.QUERY_TYPE, args.value("type").orElseThrow());
    args.value("server").ifPresent(s -> options.put(DnsOptions.SERVER, s));
    if (args.flag("tcp")) {
      options.put(DnsOptions.TRANSPORT, "tcp");
    }
    options.put(DnsOptions.TIMEOUT, TriggerTimes.seconds(timeout));
    Map<String, String> argNames =
        Map.of(
            DnsOptions.QUERY_NAME,
            "NAME",
            DnsOptions.QUERY_TYPE,
            "--type",
            DnsOptions.SERVER,
            "--server",
            DnsOptions.TIMEOUT,
            "-t/--timeout");
    return TriggerRequest.of(name, options, TriggerTimes.budget(timeout), argNames);
  }
}
