package dev.sentinel.plugins.netdev;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code /proc/net/dev}: two header lines naming the receive and transmit columns, then
 * {@code name: counters…} per interface. Columns are taken from the header (the kernel's layout has
 * been stable since 2.6, but a header that names other columns is followed, not guessed); a line
 * that does not fit is skipped and reported.
 */
final class NetDevFile {
  /** The layout every kernel since 2.6 prints; used when the header cannot be read. */
  static final List<String> STANDARD =
      List.of(
          "receive_bytes",
          "receive_packets",
          "receive_errs",
          "receive_drop",
          "receive_fifo",
          "receive_frame",
          "receive_compressed",
          "receive_multicast",
          "transmit_bytes",
          "transmit_packets",
          "transmit_errs",
          "transmit_drop",
          "transmit_fifo",
          "transmit_colls",
          "transmit_carrier",
          "transmit_compressed");

  /** One interface's counters, in {@link Parsed#columns()} order. */
  record Interface(String name, long[] values) {}

  record Parsed(List<String> columns, List<Interface> interfaces, List<ParseProblem> problems) {}

  private NetDevFile() {}

  static Parsed parse(String file, List<String> lines) {
    List<ParseProblem> problems = new ArrayList<>();
    List<String> columns = null;
    List<Interface> interfaces = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int lineNo = i + 1;
      if (line.isBlank()) {
        continue;
      }
      if (line.indexOf('|') >= 0) { // a header line
        List<String> named = columns(line);
        if (named != null) {
          columns = named;
        }
        continue;
      }
      int colon =
          line.indexOf(':'); // names cannot contain ':'; long names and counters may touch it
      if (colon <= 0) {
        problems.add(new ParseProblem(file, lineNo, "no \"interface:\" prefix"));
        continue;
      }
      String name = line.substring(0, colon).strip();
      if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
        problems.add(new ParseProblem(file, lineNo, "bad interface name \"" + name + "\""));
        continue;
      }
      List<String> cols = columns == null ? STANDARD : columns;
      String[] fields = line.substring(colon + 1).trim().split("\\s+");
      if (fields.length != cols.size()) {
        problems.add(
            new ParseProblem(
                file,
                lineNo,
                name + ": " + fields.length + " values where the header names " + cols.size()));
        continue;
      }
      long[] values = new long[fields.length];
      String bad = null;
      for (int f = 0; f < fields.length && bad == null; f++) {
        try {
          values[f] = Long.parseUnsignedLong(fields[f]);
        } catch (NumberFormatException e) {
          bad = fields[f];
        }
      }
      if (bad != null) {
        problems.add(new ParseProblem(file, lineNo, name + ": \"" + bad + "\" is not a counter"));
        continue;
      }
      interfaces.add(new Interface(name, values));
    }
    return new Parsed(columns == null ? STANDARD : columns, interfaces, problems);
  }

  /**
   * The column names from the second header line ({@code face |bytes packets …|bytes …}), prefixed
   * {@code receive_}/{@code transmit_}; null for the first line ({@code Inter-| Receive …}).
   */
  private static List<String> columns(String header) {
    String[] parts = header.split("\\|", -1);
    if (parts.length != 3 || !parts[0].strip().equals("face")) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String f : parts[1].trim().split("\\s+")) {
      names.add("receive_" + f.toLowerCase(Locale.ROOT));
    }
    for (String f : parts[2].trim().split("\\s+")) {
      names.add("transmit_" + f.toLowerCase(Locale.ROOT));
    }
    return names.stream().allMatch(n -> n.matches("[a-z_][a-z0-9_]*")) ? List.copyOf(names) : null;
  }
}
