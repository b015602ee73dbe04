package dev.sentinel.plugins.pcap;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.plugin.ProbeContext;
import java.util.List;
import java.util.Locale;

/**
 * The progress lines {@code sentinel trigger pcap} prints: a header, then after the window a table
 * of packets and bytes per protocol and direction, the capture's own counts, and the top talkers.
 * Nothing is formatted when nobody listens (the daemon).
 */
final class PcapReport {
  private static final String ROW = "%-9s %-9s %12s %14s %12s %14s";
  private static final String TALKER = "%-39s %14s %14s";

  private final PcapOptions options;
  private final ProbeContext.Listener out;

  PcapReport(PcapOptions options, ProbeContext.Listener out) {
    this.options = options;
    this.out = out;
  }

  private boolean silent() {
    return out == ProbeContext.Listener.NONE;
  }

  void header() {
    if (silent()) {
      return;
    }
    String filter =
        options.bpfFilter().isEmpty() ? "no filter" : "filter \"" + options.bpfFilter() + "\"";
    String mode =
        options.window() == null
            ? "continuous capture"
            : "capturing for " + Durations.format(options.window());
    out.line(
        "PCAP "
            + options.interfaceName()
            + ": "
            + filter
            + ", snaplen "
            + options.snaplen()
            + (options.promiscuous() ? ", promiscuous" : "")
            + ", "
            + mode);
  }

  void table(Counts c, double seconds, List<TalkerTable.Talker> top) {
    if (silent()) {
      return;
    }
    out.line(
        String.format(
            Locale.ROOT, ROW, "protocol", "direction", "packets", "bytes", "pkt/s", "bytes/s"));
    for (Protocol p : Protocol.values()) {
      for (Direction d : Direction.values()) {
        if (c.packets(p, d) > 0) {
          out.line(row(p.label(), d.label(), c.packets(p, d), c.bytes(p, d), seconds));
        }
      }
    }
    if (c.captured() == 0) {
      out.line("(no packets)");
    }
    out.line(row("total", "", c.captured(), c.capturedBytes(), seconds));
    out.line("");
    out.line(
        String.format(
            Locale.ROOT,
            "captured %d packets in %.2f s; dropped by the kernel %d, by the interface %d",
            c.captured(),
            seconds,
            c.kernelDropped(),
            c.interfaceDropped()));
    if (options.topTalkers() > 0) {
      talkers(top);
    }
  }

  private void talkers(List<TalkerTable.Talker> top) {
    out.line("");
    if (top.stream().allMatch(t -> t.bytes() == 0)) {
      out.line(
          "top talkers: none (no traffic in or out; everything on a loopback interface is local)");
      return;
    }
    out.line("top " + options.topTalkers() + " remote addresses by bytes:");
    out.line(String.format(Locale.ROOT, TALKER, "remote", "bytes in", "bytes out"));
    for (TalkerTable.Talker t : top) {
      out.line(String.format(Locale.ROOT, TALKER, t.remote(), t.inBytes(), t.outBytes()));
    }
  }

  private static String row(
      String protocol, String direction, long packets, long bytes, double seconds) {
    return String.format(
        Locale.ROOT,
        ROW,
        protocol,
        direction,
        packets,
        bytes,
        rate(packets, seconds),
        rate(bytes, seconds));
  }

  private static String rate(long n, double seconds) {
    return seconds > 0 ? String.format(Locale.ROOT, "%.1f", n / seconds) : "-";
  }
}
