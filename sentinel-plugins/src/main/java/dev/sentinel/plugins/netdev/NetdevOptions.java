package dev.sentinel.plugins.netdev;

import dev.sentinel.core.options.Section;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A netdev task's validated options (no I/O: the files are read at run time).
 *
 * @param include interfaces to read (whole-name match), or {@code null} for all
 * @param exclude interfaces to skip (whole-name match), or {@code null} for none
 * @param netstat whether to read the protocol counters (snmp, netstat, snmp6)
 * @param fields which {@code Proto_Field} protocol counters to export (whole-name match)
 */
record NetdevOptions(
    Pattern include,
    Pattern exclude,
    boolean netstat,
    Pattern fields,
    boolean link,
    boolean rates,
    Path procPath,
    Path sysPath) {

  /**
   * Loopback is left out unless the user chooses interfaces (node_exporter and Telegraf skip it
   * too).
   */
  static final String DEFAULT_EXCLUDE = "lo";

  /** node_exporter's default {@code --collector.netstat.fields}: the counters worth alerting on. */
  static final String DEFAULT_FIELDS =
      "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)"
          + "|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|TCPRcvQDrop)"
          + "|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)"
          + "|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$";

  // The option keys a trigger sets too, spelled once.
  static final String INTERFACES_INCLUDE = "interfaces_include";
  static final String INTERFACES_EXCLUDE = "interfaces_exclude";
  static final String NETSTAT = "netstat";
  static final String FIELDS = "fields";
  static final String LINK = "link";
  static final String RATES = "rates";
  static final String PROC_PATH = "proc_path";

  static NetdevOptions parse(Section o) {
    Pattern include = o.regex(INTERFACES_INCLUDE).orElse(null);
    boolean chosen = include != null || o.has(INTERFACES_EXCLUDE);
    Pattern exclude =
        o.regex(INTERFACES_EXCLUDE).orElse(chosen ? null : Pattern.compile(DEFAULT_EXCLUDE));
    boolean netstat = o.bool(NETSTAT, true);
    Pattern fields = o.regex(FIELDS).orElse(Pattern.compile(DEFAULT_FIELDS));
    boolean link = o.bool(LINK, false);
    boolean rates = o.bool(RATES, false);
    Path proc = path(o, PROC_PATH, "/proc");
    Path sys = path(o, "sys_path", "/sys");
    return new NetdevOptions(include, exclude, netstat, fields, link, rates, proc, sys);
  }

  private static Path path(Section o, String key, String fallback) {
    String v = o.string(key, fallback).strip();
    if (v.isEmpty() || !v.startsWith("/")) {
      o.error(key, "\"" + v + "\" must be an absolute path");
      return Path.of(fallback);
    }
    return Path.of(v);
  }

  boolean wants(String iface) {
    return (include == null || include.matcher(iface).matches())
        && (exclude == null || !exclude.matcher(iface).matches());
  }

  boolean wantsField(String protoField) {
    return fields.matcher(protoField).matches();
  }
}
