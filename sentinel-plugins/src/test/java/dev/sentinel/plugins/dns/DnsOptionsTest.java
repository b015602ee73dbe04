package dev.sentinel.plugins.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DnsOptionsTest {
  private static final String P = "test.yaml: tasks[0].config.";

  private static DnsProbe create(Map<String, ?> options, Problems problems) {
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = new DnsPlugin().configure(section, new TaskInfo("t1", "dev-1"));
    section.finish();
    return problems.hasErrors() ? null : (DnsProbe) spec.open();
  }

  private static List<String> errors(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    create(options, problems);
    return problems.errors();
  }

  private static DnsOptions valid(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    DnsOptions o = create(options, problems).options();
    assertThat(problems.errors()).isEmpty();
    return o;
  }

  private static Map<String, Object> name(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("query_name", "example.test");
    m.put(key, value);
    return m;
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(Map.of(), P + "query_name: is required"),
        Arguments.of(Map.of("query_name", " "), P + "query_name: is required"),
        Arguments.of(
            Map.of("query_name", List.of("a", "b")),
            P + "query_name: must be a single value, not a list"),
        Arguments.of(
            Map.of("query_name", "a..b"),
            P + "query_name: \"a..b\" is not a domain name (invalid empty label)"),
        Arguments.of(
            Map.of("query_name", "a b"),
            P + "query_name: \"a b\" is not a domain name (no spaces or control characters)"),
        Arguments.of(
            Map.of("query_name", "-x"),
            P + "query_name: \"-x\" is not a domain name (no spaces or control characters)"),
        Arguments.of(
            Map.of("query_name", "x".repeat(64) + ".test"),
            P
                + "query_name: \""
                + "x".repeat(64)
                + ".test\" is not a domain name (label too long)"),
        Arguments.of(
            name("query_type", "ANY"),
            P + "query_type: \"ANY\" is not one of A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT"),
        Arguments.of(
            name("query_type", "HTTPS"),
            P + "query_type: \"HTTPS\" is not one of A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT"),
        Arguments.of(
            name("server", ""),
            P + "server: must not be empty (leave it out to use /etc/resolv.conf)"),
        Arguments.of(
            name("server", "127.0.0.1:0"),
            P + "server: \"127.0.0.1:0\" has an invalid port \"0\" (1 to 65535)"),
        Arguments.of(
            name("server", "127.0.0.1:65536"),
            P + "server: \"127.0.0.1:65536\" has an invalid port \"65536\" (1 to 65535)"),
        Arguments.of(
            name("server", "ns1:dns"),
            P + "server: \"ns1:dns\" has an invalid port \"dns\" (1 to 65535)"),
        Arguments.of(
            name("server", "[::1]:"),
            P + "server: \"[::1]:\" has an invalid port \"\" (1 to 65535)"),
        Arguments.of(name("server", "[::1"), P + "server: " + notServer("[::1")),
        Arguments.of(name("server", "[::1]53"), P + "server: " + notServer("[::1]53")),
        Arguments.of(
            name("server", "[ns1]:53"),
            P + "server: \"ns1\" in \"[ns1]:53\" is not an IPv6 address"),
        Arguments.of(
            name("server", "2001:db8::zz"),
            P + "server: \"2001:db8::zz\" is not an IPv6 address (write [v6]:port to give a port)"),
        Arguments.of(name("server", "ns 1"), P + "server: " + notServer("ns 1")),
        Arguments.of(name("server", ":53"), P + "server: " + notServer(":53")),
        Arguments.of(
            name("server", "udp://1.1.1.1"),
            P + "server: \"udp://1.1.1.1\" has an invalid port \"//1.1.1.1\" (1 to 65535)"),
        Arguments.of(name("transport", "doh"), P + "transport: \"doh\" is not one of udp, tcp"),
        Arguments.of(
            name("recursion_desired", "maybe"),
            P + "recursion_desired: \"maybe\" is not true or false"),
        Arguments.of(name("valid_rcodes", "NOERROR"), P + "valid_rcodes: must be a list"),
        Arguments.of(
            name("valid_rcodes", List.of()),
            P + "valid_rcodes: must list at least one rcode (e.g. [NOERROR, NXDOMAIN])"),
        Arguments.of(
            name("valid_rcodes", List.of("NOERROR", "OK")),
            P
                + "valid_rcodes: \"OK\" is not a DNS rcode (e.g. NOERROR, NXDOMAIN, SERVFAIL,"
                + " REFUSED)"),
        Arguments.of(
            name("valid_rcodes", List.of("99999")),
            P
                + "valid_rcodes: \"99999\" is not a DNS rcode (e.g. NOERROR, NXDOMAIN, SERVFAIL,"
                + " REFUSED)"),
        Arguments.of(
            name("fail_if_answer_not_matches", List.of("(")),
            P
                + "fail_if_answer_not_matches: \"(\" is not a valid regular expression (Unclosed"
                + " group)"),
        Arguments.of(
            name("fail_if_answer_matches", List.of("a", "[")),
            P
                + "fail_if_answer_matches: \"[\" is not a valid regular expression (Unclosed"
                + " character class)"),
        Arguments.of(
            name("fail_if_answer_matches", "x"), P + "fail_if_answer_matches: must be a list"),
        Arguments.of(name("timeout", "0s"), P + "timeout: 0s is out of range (1ms to 1m)"),
        Arguments.of(name("timeout", "2m"), P + "timeout: 2m is out of range (1ms to 1m)"),
        Arguments.of(name("timeout", "2"), P + "timeout: \"2\" has no unit (write e.g. 2s or 2ms)"),
        Arguments.of(
            name("timeout", "soon"),
            P + "timeout: invalid duration \"soon\" (use ms, s, m, h, d, e.g. 30s, 1m30s, 500ms)"),
        Arguments.of(
            name("query_tpye", "MX"), P + "query_tpye: unknown key (did you mean query_type?)"));
  }

  private static String notServer(String s) {
    return "\""
        + s
        + "\" is not host[:port] or [IPv6]:port (e.g. 192.0.2.53, ns1.example.net:5353,"
        + " [2001:db8::53]:53)";
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptions")
  void badOptionGivesExactlyOneError(Map<String, ?> options, String expected) {
    assertThat(errors(options)).containsExactly(expected);
  }

  @Test
  void everyBadOptionIsReportedInOnePass() {
    assertThat(
            errors(
                Map.of("query_type", "ANY", "server", "x:0", "transport", "quic", "timeout", "0s")))
        .containsExactlyInAnyOrder(
            P + "query_name: is required",
            P + "query_type: \"ANY\" is not one of A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT",
            P + "server: \"x:0\" has an invalid port \"0\" (1 to 65535)",
            P + "transport: \"quic\" is not one of udp, tcp",
            P + "timeout: 0s is out of range (1ms to 1m)");
  }

  @Test
  void defaults() {
    DnsOptions o = valid(Map.of("query_name", "example.test"));
    assertThat(o.queryName()).isEqualTo("example.test");
    assertThat(o.name().toString()).isEqualTo("example.test.");
    assertThat(o.queryType()).isEqualTo("A");
    assertThat(o.server()).as("the system resolver, looked up at run time").isNull();
    assertThat(o.tcp()).isFalse();
    assertThat(o.recursionDesired()).isTrue();
    assertThat(o.validRcodes()).containsExactly(0);
    assertThat(o.failIfMatches()).isEmpty();
    assertThat(o.failIfNotMatches()).isEmpty();
    assertThat(o.hasRegexes()).isFalse();
    assertThat(o.timeout()).as("the task's timeout").isNull();
  }

  @Test
  void explicitValues() {
    DnsOptions o =
        valid(
            Map.of(
                "query_name",
                " example.test. ",
                "query_type",
                "txt",
                "server",
                "ns1.example.net:5353",
                "transport",
                "TCP",
                "recursion_desired",
                false,
                "valid_rcodes",
                List.of("noerror", "NXDOMAIN", "2"),
                "fail_if_answer_not_matches",
                List.of("^a", "b$"),
                "fail_if_answer_matches",
                List.of("c"),
                "timeout",
                "1500ms"));
    assertThat(o.queryName()).isEqualTo("example.test.");
    assertThat(o.queryType()).isEqualTo("TXT");
    assertThat(o.server()).isEqualTo(new DnsServer("ns1.example.net", 5353, null));
    assertThat(o.tcp()).isTrue();
    assertThat(o.recursionDesired()).isFalse();
    assertThat(o.validRcodes()).containsExactlyInAnyOrder(0, 2, 3);
    assertThat(o.failIfNotMatches()).extracting(Pattern::pattern).containsExactly("^a", "b$");
    assertThat(o.failIfMatches()).extracting(Pattern::pattern).containsExactly("c");
    assertThat(o.timeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @CsvSource({
    "192.0.2.53, 192.0.2.53:53",
    "192.0.2.53:5353, 192.0.2.53:5353",
    "ns1.example.net, ns1.example.net:53",
    "ns1.example.net.:53, ns1.example.net.:53",
    "localhost:1053, localhost:1053",
    "'[2001:db8::53]:5353', '[2001:db8::53]:5353'",
    "'[::1]', '[::1]:53'",
    "2001:db8::53, '[2001:db8::53]:53'",
  })
  void serverForms(String server, String display) {
    DnsOptions o = valid(Map.of("query_name", "example.test", "server", server));
    assertThat(o.server().display()).isEqualTo(display);
  }

  @Test
  void ptrOfAnAddressQueriesItsReverseName() {
    assertThat(valid(Map.of("query_name", "192.0.2.1", "query_type", "PTR")).name().toString())
        .isEqualTo("1.2.0.192.in-addr.arpa.");
    assertThat(valid(Map.of("query_name", "2001:db8::1", "query_type", "PTR")).name().toString())
        .endsWith(".8.b.d.0.1.0.0.2.ip6.arpa.");
    assertThat(
            valid(Map.of("query_name", "1.2.0.192.in-addr.arpa", "query_type", "PTR"))
                .name()
                .toString())
        .isEqualTo("1.2.0.192.in-addr.arpa.");
  }

  @Test
  void everyQueryTypeIsAccepted() {
    for (String t : DnsOptions.TYPES) {
      assertThat(
              valid(Map.of("query_name", "example.test", "query_type", t.toLowerCase()))
                  .queryType())
          .isEqualTo(t);
    }
  }

  @Test
  void labelNames() {
    assertThat(
            new DnsPlugin()
                .configure(
                    Section.of(
                        "tasks[0].config",
                        Map.of("query_name", "example.test"),
                        new Problems("test.yaml")),
                    new TaskInfo("t1", "dev-1"))
                .labelNames())
        .isEqualTo(Set.of("query_name", "query_type", "server", "rcode", "reason"));
  }

  @ParameterizedTest
  @CsvSource({
    "2001:db8::1, 2001:db8::1",
    "::, ::",
    "::1, ::1",
    "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
    "2001:db8:1:2:3:4:0:6, 2001:db8:1:2:3:4:0:6",
    "fe80::abcd:1, fe80::abcd:1",
    "::ffff:c000:201, ::ffff:192.0.2.1",
  })
  void ipv6TextFormIsRfc5952(String in, String out) throws Exception {
    assertThat(DnsProbe.ipv6(org.xbill.DNS.Address.toByteArray(in, org.xbill.DNS.Address.IPv6)))
        .isEqualTo(out);
  }
}
