package dev.sentinel.plugins.dns;

import dev.sentinel.core.options.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A dns task's validated options. Every problem is reported through the {@link Section}; nothing
 * here does I/O (a server host name and the system resolver are looked up at run time).
 *
 * @param queryName the name as configured (the {@code query_name} label)
 * @param name the name to query (absolute; an IP address became its reverse name for PTR)
 * @param server the server, or {@code null} for the first one in /etc/resolv.conf
 * @param timeout the per-query timeout, or {@code null} for the task's
 */
record DnsOptions(
    String queryName,
    Name name,
    String queryType,
    int type,
    DnsServer server,
    boolean tcp,
    boolean recursionDesired,
    Set<Integer> validRcodes,
    List<Pattern> failIfNotMatches,
    List<Pattern> failIfMatches,
    Duration timeout) {

  static final List<String> TYPES =
      List.of("A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT");
  static final List<String> TRANSPORTS = List.of("udp", "tcp");
  static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  // The option keys a trigger sets too, spelled once.
  static final String QUERY_NAME = "query_name";
  static final String QUERY_TYPE = "query_type";
  static final String SERVER = "server";
  static final String TRANSPORT = "transport";
  static final String TIMEOUT = "timeout";
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  static DnsOptions parse(Section o) {
    String queryType = queryType(o);
    String queryName = queryName(o);
    Name name = queryName.isEmpty() ? null : name(o, queryName, queryType);
    DnsServer server = server(o);
    boolean tcp = o.choice(TRANSPORT, "udp", TRANSPORTS).equals("tcp");
    boolean rd = o.bool("recursion_desired", true);
    Set<Integer> rcodes = rcodes(o);
    List<Pattern> notMatches = regexes(o, "fail_if_answer_not_matches");
    List<Pattern> matches = regexes(o, "fail_if_answer_matches");
    Duration timeout = o.optionalDuration(TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT).orElse(null);
    return new DnsOptions(
        queryName,
        name,
        queryType,
        Type.value(queryType),
        server,
        tcp,
        rd,
        rcodes,
        notMatches,
        matches,
        timeout);
  }

  boolean hasRegexes() {
    return !failIfNotMatches.isEmpty() || !failIfMatches.isEmpty();
  }

  private static String queryType(Section o) {
    Optional<String> v = o.string(QUERY_TYPE);
    if (v.isEmpty()) {
      return "A";
    }
    String t = v.get().strip().toUpperCase(Locale.ROOT);
    if (!TYPES.contains(t)) {
      o.error(QUERY_TYPE, "\"" + v.get() + "\" is not one of " + String.join(", ", TYPES));
      return "A";
    }
    return t;
  }

  private static String queryName(Section o) {
    boolean present = o.has(QUERY_NAME);
    Optional<String> v = o.string(QUERY_NAME);
    String name = v.orElse("").strip();
    if (name.isEmpty() && !(v.isEmpty() && present)) { // a list or mapping was reported already
      o.error(QUERY_NAME, "is required");
    }
    return name;
  }

  private static Name name(Section o, String text, String queryType) {
    if (queryType.equals("PTR")) {
      byte[] v4 = Address.toByteArray(text, Address.IPv4);
      byte[] v6 = v4 == null ? Address.toByteArray(text, Address.IPv6) : null;
      if (v4 != null || v6 != null) {
        return ReverseMap.fromAddress(v4 != null ? v4 : v6); // 1.2.0.192.in-addr.arpa.
      }
    }
    if (text.startsWith("-") || text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      o.error(
          QUERY_NAME, "\"" + text + "\" is not a domain name (no spaces or control characters)");
      return null;
    }
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      String why = e.getMessage() == null ? "" : e.getMessage();
      int at = why.indexOf("': ");
      o.error(
          QUERY_NAME,
          "\"" + text + "\" is not a domain name (" + (at < 0 ? why : why.substring(at + 3)) + ")");
      return null;
    }
  }

  private static DnsServer server(Section o) {
    Optional<String> v = o.string(SERVER);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return DnsServer.parse(v.get());
    } catch (IllegalArgumentException e) {
      o.error(SERVER, e.getMessage());
      return null;
    }
  }

  private static Set<Integer> rcodes(Section o) {
    if (!o.has("valid_rcodes")) {
      return Set.of(Rcode.NOERROR);
    }
    Set<Integer> out = new LinkedHashSet<>();
    int errorsBefore = o.problems().errors().size();
    List<String> names = o.stringList("valid_rcodes");
    for (String n : names) {
      int code = rcode(n);
      if (code < 0) {
        o.error(
            "valid_rcodes",
            "\"" + n + "\" is not a DNS rcode (e.g. NOERROR, NXDOMAIN, SERVFAIL, REFUSED)");
      } else {
        out.add(code);
      }
    }
    if (out.isEmpty() && o.problems().errors().size() == errorsBefore) {
      o.error("valid_rcodes", "must list at least one rcode (e.g. [NOERROR, NXDOMAIN])");
    }
    return out.isEmpty() ? Set.of(Rcode.NOERROR) : Set.copyOf(out);
  }

  /** An rcode by name (NOERROR, NXDOMAIN, ...) or number 0-4095, or -1. */
  static int rcode(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT);
    if (s.matches("\\d{1,4}")) {
      int n = Integer.parseInt(s);
      return n <= 0xFFF ? n : -1;
    }
    if (s.isEmpty() || s.startsWith("RESERVED") || s.startsWith("RCODE")) {
      return -1;
    }
    return Rcode.value(s);
  }

  private static List<Pattern> regexes(Section o, String key) {
    List<Pattern> out = new ArrayList<>();
    for (String r : o.stringList(key)) {
      try {
        out.add(Section.compileRegex(r));
      } catch (IllegalArgumentException e) {
        o.error(key, e.getMessage());
      }
    }
    return List.copyOf(out);
  }
}
