package dev.sentinel.plugins.netdev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the kernel's protocol counters into {@code Proto_Field → value}, by name (newer kernels
 * add fields anywhere in a line): {@code /proc/net/snmp} and {@code /proc/net/netstat} as pairs of
 * {@code Proto: names…} / {@code Proto: values…} lines, {@code /proc/net/snmp6} as {@code Name
 * value} lines whose name splits after its {@code 6} ({@code Udp6InDatagrams → Udp6_InDatagrams}).
 */
final class SnmpFile {
  record Parsed(Map<String, Long> values, List<ParseProblem> problems) {}

  private SnmpFile() {}

  static Parsed parsePairs(String file, List<String> lines) {
    Map<String, Long> values = new LinkedHashMap<>();
    List<ParseProblem> problems = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String header = lines.get(i);
      if (header.isBlank()) {
        i++;
        continue;
      }
      String proto = proto(header);
      String next = i + 1 < lines.size() ? lines.get(i + 1) : null;
      if (proto == null || next == null || !proto.equals(proto(next))) {
        problems.add(
            new ParseProblem(
                file,
                i + 1,
                proto == null
                    ? "no \"Proto:\" prefix"
                    : proto + ": a names line without its values line"));
        i++;
        continue;
      }
      String[] names = header.substring(proto.length() + 1).trim().split("\\s+");
      String[] raw = next.substring(proto.length() + 1).trim().split("\\s+");
      if (names.length != raw.length) {
        problems.add(
            new ParseProblem(
                file, i + 2, proto + ": " + raw.length + " values for " + names.length + " names"));
      } else {
        for (int k = 0; k < names.length; k++) {
          Long v = number(raw[k]);
          if (v == null) {
            problems.add(
                new ParseProblem(
                    file, i + 2, proto + " " + names[k] + ": \"" + raw[k] + "\" is not a number"));
          } else {
            values.put(proto + "_" + names[k], v);
          }
        }
      }
      i += 2;
    }
    return new Parsed(values, problems);
  }

  static Parsed parseSnmp6(String file, List<String> lines) {
    Map<String, Long> values = new LinkedHashMap<>();
    List<ParseProblem> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+");
      int six = parts[0].indexOf('6');
      Long v = parts.length == 2 ? number(parts[1]) : null;
      if (v == null || six <= 0 || six == parts[0].length() - 1) {
        problems.add(
            new ParseProblem(file, i + 1, "expected \"Proto6Field value\", got \"" + line + "\""));
        continue;
      }
      values.put(parts[0].substring(0, six + 1) + "_" + parts[0].substring(six + 1), v);
    }
    return new Parsed(values, problems);
  }

  private static String proto(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String p = line.substring(0, colon);
    return p.chars().allMatch(Character::isLetterOrDigit) ? p : null;
  }

  /** Signed ({@code Tcp MaxConn} is -1) or, beyond Long.MAX_VALUE, unsigned 64-bit. */
  private static Long number(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      try {
        return Long.parseUnsignedLong(s);
      } catch (NumberFormatException e2) {
        return null;
      }
    }
  }
}
