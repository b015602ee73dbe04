package dev.sentinel.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sentinel trigger pcap -i IFACE -d DURATION [-f FILTER] [--snaplen N] [--promiscuous]
 * [--top N] [--json]}: captures for DURATION and prints packets and bytes per protocol and
 * direction. Needs CAP_NET_RAW (or root) and libpcap.
 */
@Command(name = "pcap", description = "Capture on an interface with the pcap plugin and print the traffic by protocol and direction.")
final class TriggerPcapCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", required = true,
      description = "The interface to capture on (e.g. lo, eth0, or any).")
  String iface;

  @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "5s",
      description = "How long to capture: 5 (seconds) or 500ms.")
  String duration;

  @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "A capture (BPF) filter, as tcpdump takes it: 'udp and port 53'.")
  String filter;

  @Option(names = "--snaplen", paramLabel = "N", description = "Bytes kept of each packet (default 128: enough for the headers).")
  String snaplen;

  @Option(names = "--promiscuous", description = "Also capture traffic not addressed to this host.")
  boolean promiscuous;

  @Option(names = "--top", paramLabel = "N", description = "Also list the N remote addresses with the most bytes.")
  String top;

  @Option(names = "--json", description = "Print the samples as JSON lines instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("interface", iface);
    options.put("window", TriggerTimes.seconds(duration));
    if (filter != null) {
      options.put("bpf_filter", filter);
    }
    if (snaplen != null) {
      options.put("snaplen", snaplen);
    }
    if (promiscuous) {
      options.put("promiscuous", true);
    }
    if (top != null) {
      options.put("top_talkers", top);
    }
    Map<String, String> flags = Map.of("interface", "-i/--interface", "window", "-d/--duration",
        "bpf_filter", "-f/--filter", "snaplen", "--snaplen", "top_talkers", "--top");
    return new TriggerRun(spec.commandLine().getOut(), spec.commandLine().getErr(), flags)
        .run("pcap", iface, options, TriggerTimes.budget(duration), json, false);
  }
}
