package dev.sentinel.plugins.pcap;

import static dev.sentinel.core.plugin.trigger.TriggerArg.flag;
import static dev.sentinel.core.plugin.trigger.TriggerArg.option;
import static dev.sentinel.core.plugin.trigger.TriggerArg.required;

import dev.sentinel.core.plugin.trigger.TriggerArgs;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.plugin.trigger.TriggerTimes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sentinel trigger pcap -i IFACE -d DURATION [-f FILTER] [--snaplen N] [--promiscuous]
 * [--top N]}: captures for DURATION and prints packets and bytes per protocol and direction. Needs
 * CAP_NET_RAW (or root) and libpcap.
 */
final class PcapTrigger {
  private PcapTrigger() {}

  static TriggerSpec spec() {
    return new TriggerSpec(
        "Capture on an interface with the pcap plugin and print the traffic by protocol and"
            + " direction.",
        List.of(
            required(
                "interface",
                "IFACE",
                "The interface to capture on (e.g. lo, eth0, or any).",
                "-i",
                "--interface"),
            option(
                "duration",
                "DURATION",
                "5s",
                "How long to capture: 5 (seconds) or 500ms.",
                "-d",
                "--duration"),
            option(
                "filter",
                "FILTER",
                null,
                "A capture (BPF) filter, as tcpdump takes it: 'udp and port 53'.",
                "-f",
                "--filter"),
            option(
                "snaplen",
                "N",
                null,
                "Bytes kept of each packet (default 128: enough for the headers).",
                "--snaplen"),
            flag(
                "promiscuous", "Also capture traffic not addressed to this host.", "--promiscuous"),
            option(
                "top",
                "N",
                null,
                "Also list the N remote addresses with the most bytes.",
                "--top")),
        PcapTrigger::request);
  }

  private static TriggerRequest request(TriggerArgs args) {
    String iface = args.value("interface").orElseThrow();
    String duration = args.value("duration").orElseThrow();
    Map<String, Object> options = new LinkedHashMap<>();
    options.put(PcapOptions.INTERFACE, iface);
    options.put(PcapOptions.WINDOW, TriggerTimes.seconds(duration));
    args.value("filter").ifPresent(v -> options.put(PcapOptions.BPF_FILTER, v));
    args.value("snaplen").ifPresent(v -> options.put(PcapOptions.SNAPLEN, v));
    if (args.flag("promiscuous")) {
      options.put(PcapOptions.PROMISCUOUS, true);
    }
    args.value("top").ifPresent(v -> options.put(PcapOptions.TOP_TALKERS, v));
    Map<String, String> argNames =
        Map.of(
            PcapOptions.INTERFACE,
            "-i/--interface",
            PcapOptions.WINDOW,
            "-d/--duration",
            PcapOptions.BPF_FILTER,
            "-f/--filter",
            PcapOptions.SNAPLEN,
            "--snaplen",
            PcapOptions.TOP_TALKERS,
            "--top");
    return TriggerRequest.of(iface, options, TriggerTimes.budget(duration), argNames)
        .countingSamples();
  }
}
