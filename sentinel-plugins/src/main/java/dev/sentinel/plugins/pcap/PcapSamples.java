package dev.sentinel.plugins.pcap;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a task's counts into samples, all labelled {@code interface}. Which protocol × direction
 * series are sent: from the first run those the interface always carries ({@code in} and {@code
 * out} of every protocol; {@code local} on a loopback interface), zeros included, so that rate()
 * sees the first packets; any other pair from the run it is first seen in; and once sent, always
 * (counters stay continuous). Thread-safe (a run and a trigger's warm-up never overlap, but the set
 * of series is kept under a lock anyway).
 */
final class PcapSamples {
  static final String INTERFACE = "interface";
  static final String PROTOCOL = "protocol";
  static final String DIRECTION = "direction";
  static final String REMOTE = "remote";
  static final Set<String> LABELS = Set.of(INTERFACE, PROTOCOL, DIRECTION, REMOTE);

  private final String iface;
  private final boolean[] sent = new boolean[Counts.CELLS];

  PcapSamples(String iface) {
    this.iface = iface;
  }

  /** Marks the series the interface always carries: {@code local} on loopback, else in and out. */
  synchronized void expect(boolean loopback) {
    for (Protocol p : Protocol.values()) {
      if (loopback) {
        sent[Counts.cell(p, Direction.LOCAL)] = true;
      } else {
        sent[Counts.cell(p, Direction.IN)] = true;
        sent[Counts.cell(p, Direction.OUT)] = true;
      }
    }
  }

  /**
   * @param interval what the last window or interval counted, or {@code null} on a failed run (then
   *     no rates and no top talkers: only the counters, which stay continuous)
   */
  synchronized List<Sample> of(
      ProbeContext ctx,
      Counts totals,
      Counts interval,
      double seconds,
      List<TalkerTable.Talker> top) {
    ProbeContext c = ctx.withLabels(INTERFACE, iface);
    List<Sample> out = new ArrayList<>();
    List<Sample> rates = new ArrayList<>();
    for (Protocol p : Protocol.values()) {
      for (Direction d : Direction.values()) {
        int cell = Counts.cell(p, d);
        sent[cell] |= totals.packets(p, d) > 0;
        if (!sent[cell]) {
          continue;
        }
        String[] labels = {PROTOCOL, p.label(), DIRECTION, d.label()};
        out.add(c.counter("pcap_packets_total", totals.packets(p, d), labels));
        out.add(c.counter("pcap_bytes_total", totals.bytes(p, d), labels));
        if (interval != null && seconds > 0) {
          rates.add(c.gauge("pcap_packets_per_second", interval.packets(p, d) / seconds, labels));
          rates.add(c.gauge("pcap_bytes_per_second", interval.bytes(p, d) / seconds, labels));
        }
      }
    }
    out.addAll(rates);
    out.add(c.counter("pcap_captured_packets_total", totals.captured()));
    out.add(c.counter("pcap_kernel_dropped_total", totals.kernelDropped()));
    out.add(c.counter("pcap_interface_dropped_total", totals.interfaceDropped()));
    for (TalkerTable.Talker t : top) {
      out.add(
          c.gauge(
              "pcap_top_talker_bytes",
              t.inBytes(),
              REMOTE,
              t.remote(),
              DIRECTION,
              Direction.IN.label()));
      out.add(
          c.gauge(
              "pcap_top_talker_bytes",
              t.outBytes(),
              REMOTE,
              t.remote(),
              DIRECTION,
              Direction.OUT.label()));
    }
    return out;
  }
}
