package dev.sentinel.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sentinel trigger dns NAME [--type T] [--server S] [--tcp] [-t TIMEOUT] [--json]}. */
@Command(name = "dns", description = "Query NAME with the dns plugin and print the answers.")
final class TriggerDnsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The name to query.")
  String name;

  @Option(names = "--type", paramLabel = "TYPE", defaultValue = "A", description = "A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT.")
  String type;

  @Option(names = "--server", paramLabel = "SERVER", description = "host[:port] (default: the system resolver).")
  String server;

  @Option(names = "--tcp", description = "Query over TCP instead of UDP.")
  boolean tcp;

  @Option(names = {"-t", "--timeout"}, paramLabel = "TIMEOUT", defaultValue = "5s",
      description = "Give up after TIMEOUT: 5 (seconds) or 500ms.")
  String timeout;

  @Option(names = "--json", description = "Print the samples as JSON lines instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("query_name", name);
    options.put("query_type", type);
    if (server != null) {
      options.put("server", server);
    }
    if (tcp) {
      options.put("transport", "tcp");
    }
    options.put("timeout", TriggerTimes.seconds(timeout));
    Map<String, String> flags = Map.of("query_name", "NAME", "query_type", "--type", "server", "--server",
        "timeout", "-t/--timeout");
    return new TriggerRun(spec.commandLine().getOut(), spec.commandLine().getErr(), flags)
        .run("dns", name, options, TriggerTimes.budget(timeout), json, true);
  }
}
