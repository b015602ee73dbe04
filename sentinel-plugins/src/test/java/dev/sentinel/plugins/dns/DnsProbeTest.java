package dev.sentinel.plugins.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.testing.Dnsmasq;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real queries to a dnsmasq started by this class on 127.0.0.1 (see {@link Dnsmasq}); traffic goes
 * only to loopback, never to the system resolver.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DnsProbeTest {
  private static final Labels BASE = Labels.of("device_id", "dev-1", "task", "dns");

  /** Everything dnsmasq serves. Local-only records get --local-ttl (120 s). */
  static final List<String> RECORDS =
      Stream.concat(
              Stream.of(
                  "--local-ttl=120",
                  "--local=/example.test/", // unknown names under example.test: authoritative
                  // NXDOMAIN
                  "--host-record=www.example.test,192.0.2.1,2001:db8::1,300",
                  "--host-record=multi.example.test,192.0.2.10,60",
                  "--host-record=multi.example.test,192.0.2.11,90",
                  "--mx-host=example.test,mail1.example.test,10",
                  "--mx-host=example.test,mail2.example.test,20",
                  "--txt-record=txt.example.test,v=spf1 -all",
                  "--txt-record=txt.example.test,hello world",
                  "--cname=alias.example.test,www.example.test",
                  "--srv-host=_sip._udp.example.test,sip.example.test,5060,10,20"),
              // 8 TXT records of 200 characters: more than a 1232-byte EDNS UDP answer can hold.
              IntStream.range(0, 8)
                  .mapToObj(
                      i -> "--txt-record=big.example.test," + (char) ('a' + i) + "x".repeat(199)))
          .toList();

  private static Dnsmasq dnsmasq;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startDnsmasq() throws Exception {
    dnsmasq = Dnsmasq.start(RECORDS);
  }

  @AfterAll
  static void stopDnsmasq() throws Exception {
    if (dnsmasq != null) {
      dnsmasq.close();
    }
  }

  @BeforeEach
  void clear() {
    lines.clear();
  }

  private static Probe probe(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = new DnsPlugin().configure(section, new TaskInfo("dns", "dev-1"));
    section.finish();
    assertThat(problems.errors()).isEmpty();
    return spec.open();
  }

  /** Options for a query to our dnsmasq, plus {@code more} (key, value pairs). */
  private static Map<String, Object> query(String name, String type, Object... more) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("query_name", name);
    m.put("query_type", type);
    m.put("server", dnsmasq.server());
    m.put("timeout", "5s");
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  private ProbeResult run(Map<String, ?> options) throws InterruptedException {
    ProbeResult r =
        probe(options)
            .run(new ProbeContext(BASE, Duration.ofSeconds(10), Clock.systemUTC(), lines::add));
    for (Sample s : r.samples()) {
      assertThat(s.value()).as(s.name()).isFinite();
      assertThat(s.labels().get("query_name")).isEqualTo(options.get("query_name"));
      assertThat(s.labels().get("device_id")).isEqualTo("dev-1");
    }
    return r;
  }

  /** Values by name, for series without an extra label. */
  private static Map<String, Double> values(ProbeResult r) {
    return r.samples().stream()
        .filter(s -> s.labels().get("rcode") == null && s.labels().get("reason") == null)
        .collect(Collectors.toMap(Sample::name, Sample::value));
  }

  private static Map<String, String> info(ProbeResult r, String name, String label) {
    return r.samples().stream()
        .filter(s -> s.name().equals(name))
        .collect(Collectors.toMap(s -> s.labels().get(label), s -> String.valueOf(s.value())));
  }

  private List<String> records() {
    return lines.stream().filter(l -> !l.startsWith(";;")).toList();
  }

  @Test
  void aRecordWithItsLabelsAndProgressLines() throws Exception {
    ProbeResult r = run(query("www.example.test", "A"));

    assertThat(r.success()).as("%s %s %s", r.error(), lines, dnsmasq.output()).isTrue();
    assertThat(r.error()).isEmpty();
    Map<String, Double> v = values(r);
    assertThat(v)
        .containsEntry("dns_success", 1.0)
        .containsEntry("dns_rcode", 0.0)
        .containsEntry("dns_answer_records", 1.0)
        .containsEntry("dns_authority_records", 0.0)
        .containsEntry("dns_additional_records", 0.0)
        .containsEntry("dns_answer_min_ttl_seconds", 300.0)
        .doesNotContainKeys("dns_answer_regex_matched");
    assertThat(v.get("dns_lookup_duration_ms")).isPositive().isLessThan(5000);
    assertThat(info(r, "dns_rcode_info", "rcode")).containsExactly(Map.entry("NOERROR", "1.0"));
    assertThat(r.samples()).noneMatch(s -> s.name().equals("dns_failure_info"));
    for (Sample s : r.samples()) {
      assertThat(s.labels().get("query_type")).isEqualTo("A");
      assertThat(s.labels().get("server")).isEqualTo("127.0.0.1:" + dnsmasq.port());
    }
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .isEqualTo(";; query www.example.test A @127.0.0.1:" + dnsmasq.port() + " (udp)");
    assertThat(lines.get(1))
        .matches(";; status NOERROR, \\d+\\.\\d\\d ms, answers 1, authority 0, additional 0");
    assertThat(lines.get(2)).isEqualTo("www.example.test. 300 IN A 192.0.2.1");
  }

  @Test
  void twoARecordsAndTheirMinimumTtl() throws Exception {
    ProbeResult r = run(query("multi.example.test", "a"));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(values(r))
        .containsEntry("dns_answer_records", 2.0)
        .containsEntry("dns_answer_min_ttl_seconds", 60.0);
    assertThat(records())
        .containsExactlyInAnyOrder(
            "multi.example.test. 60 IN A 192.0.2.10", "multi.example.test. 90 IN A 192.0.2.11");
    assertThat(r.samples()).allMatch(s -> s.labels().get("query_type").equals("A"));
  }

  @Test
  void aaaaRecord() throws Exception {
    ProbeResult r = run(query("www.example.test", "AAAA"));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(values(r))
        .containsEntry("dns_answer_records", 1.0)
        .containsEntry("dns_answer_min_ttl_seconds", 300.0);
    assertThat(records()).containsExactly("www.example.test. 300 IN AAAA 2001:db8::1");
  }

  @Test
  void mxRecords() throws Exception {
    ProbeResult r = run(query("example.test", "MX"));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(values(r))
        .containsEntry("dns_answer_records", 2.0)
        .containsEntry("dns_answer_min_ttl_seconds", 120.0);
    assertThat(records())
        .containsExactlyInAnyOrder(
            "example.test. 120 IN MX 10 mail1.example.test.",
            "example.test. 120 IN MX 20 mail2.example.test.");
  }

  @Test
  void txtRecords() throws Exception {
    ProbeResult r = run(query("txt.example.test", "TXT"));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(values(r)).containsEntry("dns_answer_records", 2.0);
    assertThat(records())
        .containsExactlyInAnyOrder(
            "txt.example.test. 120 IN TXT \"v=spf1 -all\"",
            "txt.example.test. 120 IN TXT \"hello world\"");
  }

  @Test
  void cnameChainAndSrvAndPtrFromAnAddress() throws Exception {
    ProbeResult cname = run(query("alias.example.test", "A"));
    assertThat(cname.success()).as(cname.error()).isTrue();
    assertThat(records())
        .containsExactly(
            "alias.example.test. 120 IN CNAME www.example.test.",
            "www.example.test. 300 IN A 192.0.2.1");
    assertThat(values(cname)).containsEntry("dns_answer_min_ttl_seconds", 120.0);

    lines.clear();
    ProbeResult srv = run(query("_sip._udp.example.test", "SRV"));
    assertThat(srv.success()).as(srv.error()).isTrue();
    assertThat(records())
        .containsExactly("_sip._udp.example.test. 120 IN SRV 10 20 5060 sip.example.test.");

    lines.clear();
    ProbeResult ptr = run(query("192.0.2.1", "PTR"));
    assertThat(ptr.success()).as(ptr.error()).isTrue();
    assertThat(lines.get(0)).isEqualTo(";; query 192.0.2.1 PTR @" + dnsmasq.server() + " (udp)");
    assertThat(records()).containsExactly("1.2.0.192.in-addr.arpa. 300 IN PTR www.example.test.");
  }

  @Test
  void nxdomainIsAnRcodeFailureWithSamples() throws Exception {
    ProbeResult r = run(query("nope.example.test", "A"));

    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("rcode NXDOMAIN is not one of NOERROR");
    Map<String, Double> v = values(r);
    assertThat(v)
        .containsEntry("dns_success", 0.0)
        .containsEntry("dns_rcode", 3.0)
        .containsEntry("dns_answer_records", 0.0)
        .doesNotContainKey("dns_answer_min_ttl_seconds");
    assertThat(info(r, "dns_rcode_info", "rcode")).containsExactly(Map.entry("NXDOMAIN", "1.0"));
    assertThat(info(r, "dns_failure_info", "reason")).containsExactly(Map.entry("rcode", "1.0"));
    assertThat(lines.get(1))
        .startsWith(";; status NXDOMAIN, ")
        .endsWith(", answers 0, authority 0, additional 0");
    assertThat(lines).last().isEqualTo(";; failed (rcode): rcode NXDOMAIN is not one of NOERROR");
  }

  @Test
  void nxdomainPassesWhenItIsAValidRcode() throws Exception {
    ProbeResult r =
        run(query("nope.example.test", "A", "valid_rcodes", List.of("NOERROR", "nxdomain")));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(values(r)).containsEntry("dns_success", 1.0).containsEntry("dns_rcode", 3.0);
    assertThat(r.samples()).noneMatch(s -> s.name().equals("dns_failure_info"));
  }

  @Test
  void refusedOutsideTheServedDomain() throws Exception {
    // Without upstream servers dnsmasq refuses names it does not know outside --local domains.
    ProbeResult r = run(query("elsewhere.invalid", "A"));

    assertThat(r.success()).isFalse();
    assertThat(values(r)).containsEntry("dns_rcode", 5.0);
    assertThat(info(r, "dns_rcode_info", "rcode")).containsOnlyKeys("REFUSED");
    assertThat(info(r, "dns_failure_info", "reason")).containsOnlyKeys("rcode");
  }

  @Test
  void regexMatch() throws Exception {
    ProbeResult r =
        run(
            query(
                "multi.example.test",
                "A",
                "fail_if_answer_not_matches",
                List.of("^multi\\.example\\.test\\. \\d+ IN A 192\\.0\\.2\\.1\\d$"),
                "fail_if_answer_matches",
                List.of("192\\.0\\.2\\.1$")));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(values(r))
        .containsEntry("dns_answer_regex_matched", 1.0)
        .containsEntry("dns_success", 1.0);
  }

  @Test
  void regexMissIsARegexFailure() throws Exception {
    ProbeResult r =
        run(
            query(
                "www.example.test", "A", "fail_if_answer_not_matches", List.of("192\\.0\\.2\\.9")));

    assertThat(r.success()).isFalse();
    assertThat(r.error())
        .isEqualTo(
            "answer \"www.example.test. 300 IN A 192.0.2.1\" does not match \"192\\.0\\.2\\.9\"");
    assertThat(values(r))
        .containsEntry("dns_answer_regex_matched", 0.0)
        .containsEntry("dns_success", 0.0)
        .containsEntry("dns_rcode", 0.0);
    assertThat(info(r, "dns_failure_info", "reason")).containsExactly(Map.entry("regex", "1.0"));
    assertThat(lines).last().isEqualTo(";; failed (regex): " + r.error());
  }

  @Test
  void forbiddenAnswerIsARegexFailure() throws Exception {
    ProbeResult r =
        run(query("www.example.test", "A", "fail_if_answer_matches", List.of("192\\.0\\.2\\.1$")));

    assertThat(r.success()).isFalse();
    assertThat(r.error())
        .isEqualTo("answer \"www.example.test. 300 IN A 192.0.2.1\" matches \"192\\.0\\.2\\.1$\"");
    assertThat(info(r, "dns_failure_info", "reason")).containsOnlyKeys("regex");
  }

  @Test
  void emptyAnswerFailsARequiredRegex() throws Exception {
    // multi.example.test has no AAAA: NOERROR with no answers.
    ProbeResult r =
        run(
            query(
                "multi.example.test", "AAAA", "fail_if_answer_not_matches", List.of("2001:db8::")));

    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("no answer records to match \"2001:db8::\"");
    assertThat(values(r))
        .containsEntry("dns_rcode", 0.0)
        .containsEntry("dns_answer_records", 0.0)
        .containsEntry("dns_answer_regex_matched", 0.0)
        .doesNotContainKey("dns_answer_min_ttl_seconds");
  }

  @Test
  void rcodeFailureSkipsTheRegexes() throws Exception {
    ProbeResult r =
        run(query("nope.example.test", "A", "fail_if_answer_not_matches", List.of("x")));

    assertThat(info(r, "dns_failure_info", "reason")).containsOnlyKeys("rcode");
    assertThat(values(r)).doesNotContainKey("dns_answer_regex_matched");
  }

  @Test
  void tcpTransport() throws Exception {
    ProbeResult r =
        run(query("www.example.test", "A", "transport", "tcp", "recursion_desired", false));

    assertThat(r.success()).as("%s %s", r.error(), lines).isTrue();
    assertThat(lines.get(0))
        .isEqualTo(";; query www.example.test A @" + dnsmasq.server() + " (tcp)");
    assertThat(records()).containsExactly("www.example.test. 300 IN A 192.0.2.1");
  }

  @Test
  void silentServerIsATimeoutFailureWithinTheTimeout() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("query_name", "www.example.test");
      o.put("server", "127.0.0.1:" + silent.getLocalPort());
      o.put("timeout", "500ms");
      long t0 = System.nanoTime();
      ProbeResult r = run(o);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

      assertThat(ms).isBetween(450L, 1500L);
      assertThat(r.success()).isFalse();
      assertThat(r.error())
          .isEqualTo("no response from 127.0.0.1:" + silent.getLocalPort() + " within 500ms (udp)");
      Map<String, Double> v = values(r);
      assertThat(v)
          .containsOnlyKeys("dns_success", "dns_lookup_duration_ms")
          .containsEntry("dns_success", 0.0);
      assertThat(v.get("dns_lookup_duration_ms")).isCloseTo(500, within(400.0));
      assertThat(info(r, "dns_failure_info", "reason"))
          .containsExactly(Map.entry("timeout", "1.0"));
      assertThat(lines)
          .containsExactly(
              ";; query www.example.test A @127.0.0.1:" + silent.getLocalPort() + " (udp)",
              ";; failed (timeout): " + r.error());
    }
  }

  @Test
  void theTaskTimeoutBoundsALongerQueryTimeout() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Probe p =
          probe(
              Map.of(
                  "query_name",
                  "x.test",
                  "server",
                  "127.0.0.1:" + silent.getLocalPort(),
                  "timeout",
                  "20s"));
      long t0 = System.nanoTime();
      ProbeResult r =
          p.run(new ProbeContext(BASE, Duration.ofMillis(300), Clock.systemUTC(), lines::add));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1300);
      assertThat(info(r, "dns_failure_info", "reason")).containsOnlyKeys("timeout");
    }
  }

  @Test
  void refusedTcpConnectionIsANetworkFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ProbeResult r =
        run(
            Map.of(
                "query_name",
                "www.example.test",
                "server",
                "127.0.0.1:" + port,
                "transport",
                "tcp",
                "timeout",
                "5s"));

    assertThat(r.success()).isFalse();
    assertThat(r.error()).startsWith("query to 127.0.0.1:" + port + " failed: ");
    assertThat(info(r, "dns_failure_info", "reason")).containsExactly(Map.entry("network", "1.0"));
    assertThat(values(r)).containsOnlyKeys("dns_success", "dns_lookup_duration_ms");
  }

  @Test
  void ipv6LoopbackServerLabel() throws Exception {
    // Nothing listens on [::1] here (dnsmasq is bound to 127.0.0.1): only the label form matters.
    Probe p =
        probe(
            Map.of(
                "query_name",
                "x.test",
                "server",
                "[::1]:" + dnsmasq.port(),
                "transport",
                "tcp",
                "timeout",
                "2s"));
    ProbeResult r =
        p.run(new ProbeContext(BASE, Duration.ofSeconds(5), Clock.systemUTC(), lines::add));
    assertThat(r.success()).isFalse();
    assertThat(r.samples())
        .allMatch(s -> s.labels().get("server").equals("[::1]:" + dnsmasq.port()));
    assertThat(lines.get(0)).isEqualTo(";; query x.test A @[::1]:" + dnsmasq.port() + " (tcp)");
  }

  @Test
  void truncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
    ProbeResult r = run(query("big.example.test", "TXT"));

    assertThat(r.success()).as("%s %s", r.error(), lines).isTrue();
    assertThat(values(r)).containsEntry("dns_answer_records", 8.0);
    assertThat(lines)
        .containsSubsequence(
            ";; query big.example.test TXT @" + dnsmasq.server() + " (udp)",
            ";; truncated over udp, asking again over tcp");
    assertThat(records()).hasSize(8).allMatch(l -> l.startsWith("big.example.test. 120 IN TXT \""));
  }

  @Test
  void udpStillWorksAfterTcp() throws Exception {
    // dnsjava 3.6.5's own TCP client stopped UDP answers being delivered after one TCP query.
    for (String transport : List.of("tcp", "udp", "tcp", "udp")) {
      lines.clear();
      ProbeResult r = run(query("www.example.test", "A", "transport", transport, "timeout", "2s"));
      assertThat(r.success()).as("%s: %s %s", transport, r.error(), lines).isTrue();
    }
  }
}
