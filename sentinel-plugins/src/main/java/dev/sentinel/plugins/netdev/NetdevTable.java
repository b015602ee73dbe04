package dev.sentinel.plugins.netdev;

import dev.sentinel.core.plugin.ProbeContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code sentinel trigger netdev} prints: aligned tables of one run's readings. */
final class NetdevTable {
  private static final String[][] COUNTER_COLUMNS = {
    {"rx bytes", "netdev_receive_bytes_total"}, {"rx packets", "netdev_receive_packets_total"},
    {"rx errs", "netdev_receive_errs_total"}, {"rx drop", "netdev_receive_drop_total"},
    {"tx bytes", "netdev_transmit_bytes_total"}, {"tx packets", "netdev_transmit_packets_total"},
    {"tx errs", "netdev_transmit_errs_total"}, {"tx drop", "netdev_transmit_drop_total"},
  };
  private static final String[][] RATE_COLUMNS = {
    {"rx bytes/s", "netdev_receive_bytes_per_second"},
    {"rx pkts/s", "netdev_receive_packets_per_second"},
    {"tx bytes/s", "netdev_transmit_bytes_per_second"},
    {"tx pkts/s", "netdev_transmit_packets_per_second"},
  };
  private static final String[][] LINK_COLUMNS = {
    {"mtu", "netdev_mtu_bytes"},
    {"Mbit/s", "netdev_speed_bytes"},
    {"up", "netdev_up"},
    {"carrier", "netdev_carrier"},
  };

  private NetdevTable() {}

  static void print(
      ProbeContext.Listener out,
      List<String> names,
      List<Reading> interfaces,
      List<Reading> protocols,
      List<Rates.Rate> rates,
      List<ParseProblem> problems,
      NetdevOptions options) {
    Map<String, String> cell = new HashMap<>();
    for (Reading r : interfaces) {
      String v =
          r.name().equals("netdev_speed_bytes") ? Long.toString(r.raw() / 125_000) : r.text();
      cell.put(r.key(), v);
    }
    Map<String, Double> perSecond = new HashMap<>();
    for (Rates.Rate r : rates) {
      perSecond.put(key(r.name(), r.counter().iface()), r.perSecond());
    }
    if (names.isEmpty()) {
      out.line("No interface matches (" + describe(options) + ").");
    } else {
      table(out, names, COUNTER_COLUMNS, (name, iface) -> cell.getOrDefault(key(name, iface), "-"));
      if (options.link()) {
        out.line("");
        table(out, names, LINK_COLUMNS, (name, iface) -> cell.getOrDefault(key(name, iface), "-"));
      }
      if (options.rates()) {
        out.line("");
        if (perSecond.isEmpty()) {
          out.line("Rates: none yet (they need a previous run).");
        } else {
          table(out, names, RATE_COLUMNS, (name, iface) -> rate(perSecond.get(key(name, iface))));
        }
      }
    }
    if (!protocols.isEmpty()) {
      out.line("");
      int width = protocols.stream().mapToInt(r -> r.name().length()).max().orElse(0);
      int valueWidth = protocols.stream().mapToInt(r -> r.text().length()).max().orElse(0);
      for (Reading r : protocols) {
        StringBuilder line = new StringBuilder();
        line.append(pad(r.name(), width)).append("  ").append(padLeft(r.text(), valueWidth));
        Double rate = perSecond.get(key(new Rates.Rate(r, 0).name(), null));
        if (rate != null) {
          line.append("  ").append(rate(rate)).append("/s");
        }
        out.line(line.toString());
      }
    }
    for (ParseProblem p : problems) {
      out.line(p.line() > 0 ? "warning: skipped " + p : "warning: " + p);
    }
  }

  private interface Cell {
    String at(String metric, String iface);
  }

  private static void table(
      ProbeContext.Listener out, List<String> names, String[][] columns, Cell cell) {
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[columns.length + 1];
    header[0] = "interface";
    for (int c = 0; c < columns.length; c++) {
      header[c + 1] = columns[c][0];
    }
    rows.add(header);
    for (String iface : names) {
      String[] row = new String[columns.length + 1];
      row[0] = iface;
      for (int c = 0; c < columns.length; c++) {
        row[c + 1] = cell.at(columns[c][1], iface);
      }
      rows.add(row);
    }
    int[] widths = new int[header.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(pad(row[0], widths[0]));
      for (int c = 1; c < row.length; c++) {
        line.append("  ").append(padLeft(row[c], widths[c]));
      }
      out.line(line.toString().stripTrailing());
    }
  }

  private static String key(String metric, String iface) {
    return new Reading(metric, iface, 0, false).key();
  }

  private static String rate(Double perSecond) {
    return perSecond == null ? "-" : String.format(Locale.ROOT, "%.1f", perSecond);
  }

  private static String describe(NetdevOptions o) {
    return "interfaces_include "
        + (o.include() == null ? "(all)" : o.include().pattern())
        + ", interfaces_exclude "
        + (o.exclude() == null ? "(none)" : o.exclude().pattern());
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
