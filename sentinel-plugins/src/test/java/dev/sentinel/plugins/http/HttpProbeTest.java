package dev.sentinel.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.testing.TestPki;
import dev.sentinel.testing.TestPki.Identity;
import dev.sentinel.testing.TestPki.KeyType;
import dev.sentinel.testing.TestPki.Leaf;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The http probe against in-process loopback servers (MockWebServer), plain and TLS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpProbeTest {
  @TempDir static Path tmp;
  static TestPki pki;
  static Identity probeCert;
  static Identity selfSignedCert;
  static Identity expiredCert;
  static final Labels BASE = Labels.of("device_id", "dev-1", "task", "t1");

  MockWebServer server;
  final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void makePki() throws Exception {
    pki = TestPki.create(tmp);
    probeCert = pki.issue(Leaf.server("probe.test").validFor(20));
    selfSignedCert = pki.selfSigned(Leaf.server("self.test"));
    expiredCert = pki.issue(Leaf.server("expired.test").withKey(KeyType.EC).expired());
  }

  @BeforeEach
  void newServer() {
    server = new MockWebServer();
  }

  @AfterEach
  void closeServer() {
    server.close();
  }

  private String start() throws Exception {
    server.start(InetAddress.getLoopbackAddress(), 0);
    return "http://127.0.0.1:" + server.getPort() + "/";
  }

  private String startHttps(Identity identity) throws Exception {
    server.useHttps(pki.context(identity).getSocketFactory());
    server.start(InetAddress.getLoopbackAddress(), 0);
    return "https://127.0.0.1:" + server.getPort() + "/";
  }

  static HttpProbe probe(HttpPlugin plugin, Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = plugin.configure(section, new TaskInfo("t1", "dev-1"));
    section.finish();
    assertThat(problems.errors()).isEmpty();
    return (HttpProbe) spec.open();
  }

  private ProbeResult run(Map<String, ?> options) throws InterruptedException {
    return run(new HttpPlugin(), options);
  }

  private ProbeResult run(HttpPlugin plugin, Map<String, ?> options) throws InterruptedException {
    ProbeResult r =
        probe(plugin, options)
            .run(new ProbeContext(BASE, Duration.ofSeconds(30), Clock.systemUTC(), lines::add));
    for (Sample s : r.samples()) {
      assertThat(s.value()).as(s.toString()).isFinite();
    }
    return r;
  }

  static Map<String, Object> opts(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Double value(ProbeResult r, String name, String... labels) {
    Labels want = BASE.merge(Labels.of(labels));
    return r.samples().stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(want))
        .map(Sample::value)
        .findFirst()
        .orElse(null);
  }

  static boolean has(ProbeResult r, String name) {
    return r.samples().stream().anyMatch(s -> s.name().equals(name));
  }

  static String reason(ProbeResult r) {
    return r.samples().stream()
        .filter(s -> s.name().equals("http_failure_info"))
        .map(s -> s.labels().get("reason"))
        .findFirst()
        .orElse(null);
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).body(body).build();
  }

  @Test
  void ok200WithPhasesThatAddUpToTheTotal() throws Exception {
    server.enqueue(ok("hello"));
    String url = start();

    ProbeResult r = run(opts("url", url));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(value(r, "http_success")).isEqualTo(1.0);
    assertThat(value(r, "http_status_code")).isEqualTo(200.0);
    assertThat(value(r, "http_content_length_bytes")).isEqualTo(5.0);
    assertThat(value(r, "http_redirects")).isEqualTo(0.0);
    assertThat(value(r, "http_ip_family_info", "family", "ip4")).isEqualTo(1.0);
    assertThat(has(r, "http_failure_info")).isFalse();
    assertThat(has(r, "http_tls_version_info")).isFalse();
    assertThat(has(r, "http_body_regex_matched")).isFalse();
    double sum = 0;
    for (String phase : PhaseTimer.PHASES) {
      Double v = value(r, "http_duration_ms", "phase", phase);
      assertThat(v).as(phase).isNotNull().isGreaterThanOrEqualTo(0.0);
      sum += v;
    }
    assertThat(value(r, "http_duration_ms", "phase", "tls")).isEqualTo(0.0);
    assertThat(value(r, "http_duration_ms", "phase", "connect")).isGreaterThan(0.0);
    assertThat(value(r, "http_duration_ms", "phase", "processing")).isGreaterThan(0.0);
    double total = value(r, "http_total_duration_ms");
    assertThat(sum).isLessThanOrEqualTo(total);
    assertThat(total - sum).as("time outside the phases").isLessThan(Math.max(20.0, total * 0.5));
    assertThat(lines.get(0)).isEqualTo("GET " + url + " → 200 OK, 5 bytes");
    assertThat(lines)
        .anyMatch(l -> l.matches("  resolve +\\d+\\.\\d\\d ms"))
        .anyMatch(l -> l.matches("  total +\\d+\\.\\d\\d ms"));
  }

  @Test
  void notFoundIsAStatusFailure() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).body("nope").build());
    String url = start();

    ProbeResult r = run(opts("url", url));

    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("status 404 Client Error is not in valid_status_codes (2xx)");
    assertThat(reason(r)).isEqualTo("status");
    assertThat(value(r, "http_status_code")).isEqualTo(404.0);
    assertThat(value(r, "http_success")).isEqualTo(0.0);
    assertThat(lines).contains("FAILED (status): " + r.error());
  }

  @Test
  void serverErrorFailsUnlessListedAsValid() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    String url = start();

    ProbeResult plain = run(opts("url", url));
    ProbeResult listed = run(opts("url", url, "valid_status_codes", List.of("5xx", 200)));

    assertThat(plain.success()).isFalse();
    assertThat(reason(plain)).isEqualTo("status");
    assertThat(value(plain, "http_status_code")).isEqualTo(500.0);
    assertThat(listed.success()).as(listed.error()).isTrue();
    assertThat(value(listed, "http_status_code")).isEqualTo(503.0);
  }

  @Test
  void redirectChainIsFollowedAndCounted() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/b").build());
    server.enqueue(new MockResponse.Builder().code(301).setHeader("Location", "/c").build());
    server.enqueue(ok("final"));
    String url = start();

    ProbeResult r = run(opts("url", url + "a"));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(value(r, "http_redirects")).isEqualTo(2.0);
    assertThat(value(r, "http_content_length_bytes")).isEqualTo(5.0);
    assertThat(server.takeRequest().getTarget()).isEqualTo("/a");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/b");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/c");
    assertThat(lines)
        .contains("  redirect 1: 302 → " + url + "b", "  redirect 2: 301 → " + url + "c");
    assertThat(lines.get(0)).isEqualTo("GET " + url + "a → 200 OK, 5 bytes");
  }

  @Test
  void redirectLoopFailsAfterMaxRedirects() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(302).setHeader("Location", "/loop").build();
          }
        });
    String url = start();

    ProbeResult r = run(opts("url", url + "loop", "max_redirects", 3));

    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("too many redirects (more than max_redirects 3)");
    assertThat(reason(r)).isEqualTo("status");
    assertThat(value(r, "http_redirects")).isEqualTo(3.0);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void redirectNotFollowedWhenDisabled() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/b").build());
    String url = start();

    ProbeResult r =
        run(opts("url", url, "follow_redirects", false, "valid_status_codes", List.of(302)));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(value(r, "http_redirects")).isEqualTo(0.0);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void slowFirstByteTimesOutWithinTheTimeout() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("late")
            .headersDelay(10, TimeUnit.SECONDS)
            .build());
    String url = start();

    long t0 = System.nanoTime();
    ProbeResult r = run(opts("url", url, "timeout", "500ms"));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(r.success()).isFalse();
    assertThat(reason(r)).isEqualTo("timeout");
    assertThat(r.error()).startsWith("timed out waiting for 127.0.0.1:");
    assertThat(took).isLessThan(Duration.ofMillis(500 + 1000));
    assertThat(has(r, "http_status_code")).isFalse();
    assertThat(value(r, "http_duration_ms", "phase", "processing")).isGreaterThan(300.0);
  }

  @Test
  void bodyFarLargerThanTheLimitIsReadOnlyUpToTheLimit() throws Exception {
    Buffer big = new Buffer();
    byte[] chunk = new byte[1024 * 1024];
    for (int i = 0; i < 32; i++) {
      big.write(chunk);
    }
    server.enqueue(new MockResponse.Builder().code(200).body(big).build());
    String url = start();

    long t0 = System.nanoTime();
    ProbeResult r = run(opts("url", url, "body_size_limit", "64KiB"));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(value(r, "http_content_length_bytes")).isEqualTo(65536.0);
    assertThat(lines.get(0))
        .isEqualTo("GET " + url + " → 200 OK, 65536 bytes (stopped at body_size_limit)");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void bodyRegexes() throws Exception {
    server.enqueue(ok("status: ok\nall good"));
    server.enqueue(ok("status: ok\nan error happened"));
    server.enqueue(ok("status: degraded"));
    String url = start();

    ProbeResult match =
        run(
            opts(
                "url",
                url,
                "fail_if_body_not_matches",
                List.of("^status: ok$"),
                "fail_if_body_matches",
                List.of("error")));
    ProbeResult bad = run(opts("url", url, "fail_if_body_matches", List.of("error")));
    ProbeResult miss = run(opts("url", url, "fail_if_body_not_matches", List.of("^status: ok$")));

    assertThat(match.success()).as(match.error()).isTrue();
    assertThat(value(match, "http_body_regex_matched")).isEqualTo(1.0);
    assertThat(bad.success()).isFalse();
    assertThat(reason(bad)).isEqualTo("body");
    assertThat(bad.error()).isEqualTo("the body matches /error/ (fail_if_body_matches)");
    assertThat(value(bad, "http_body_regex_matched")).isEqualTo(0.0);
    assertThat(miss.success()).isFalse();
    assertThat(miss.error())
        .isEqualTo("the body does not match /^status: ok$/ (fail_if_body_not_matches)");
    assertThat(value(miss, "http_body_regex_matched")).isEqualTo(0.0);
  }

  @Test
  void headerRegexes() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("X-Health", "down").build());
    server.enqueue(new MockResponse.Builder().code(200).setHeader("X-Health", "up").build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    String url = start();
    Map<String, Object> rule = Map.of("header", "x-health", "regex", "^down$");

    ProbeResult down = run(opts("url", url, "fail_if_header_matches", List.of(rule)));
    ProbeResult up = run(opts("url", url, "fail_if_header_matches", List.of(rule)));
    ProbeResult missing = run(opts("url", url, "fail_if_header_matches", List.of(rule)));
    ProbeResult allowed =
        run(
            opts(
                "url",
                url,
                "fail_if_header_matches",
                List.of(Map.of("header", "X-Health", "regex", "down", "allow_missing", true))));

    assertThat(down.success()).isFalse();
    assertThat(reason(down)).isEqualTo("header");
    assertThat(down.error()).isEqualTo("header x-health matches /^down$/ (fail_if_header_matches)");
    assertThat(up.success()).as(up.error()).isTrue();
    assertThat(missing.success()).isFalse();
    assertThat(missing.error()).isEqualTo("header x-health is missing");
    assertThat(allowed.success()).as(allowed.error()).isTrue();
  }

  @Test
  void requestCarriesMethodBodyHeadersAndBasicAuth() throws Exception {
    server.enqueue(ok(""));
    server.enqueue(ok(""));
    String url = start();
    Path token = tmp.resolve("token");
    Files.writeString(token, "s3cret\n");

    run(
        opts(
            "url",
            url,
            "method",
            "post",
            "body",
            "{\"q\":1}",
            "headers",
            Map.of("Content-Type", "application/json", "X-Probe", "yes"),
            "username",
            "u",
            "password",
            "p"));
    run(opts("url", url, "bearer_token_file", token.toString()));

    RecordedRequest post = server.takeRequest();
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getBody().utf8()).isEqualTo("{\"q\":1}");
    assertThat(post.getHeaders().get("X-Probe")).isEqualTo("yes");
    assertThat(post.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(post.getHeaders().get("Authorization")).isEqualTo("Basic dTpw");
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
  }

  @Test
  void connectionRefusedIsAConnectFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ProbeResult r = run(opts("url", "http://127.0.0.1:" + port + "/"));

    assertThat(r.success()).isFalse();
    assertThat(reason(r)).isEqualTo("connect");
    assertThat(r.error()).startsWith("cannot connect to 127.0.0.1:" + port);
    assertThat(has(r, "http_status_code")).isFalse();
    assertThat(lines.get(0)).isEqualTo("GET http://127.0.0.1:" + port + "/ → no response");
  }

  @Test
  void unknownHostIsADnsFailure() throws Exception {
    HttpPlugin plugin =
        new HttpPlugin(
            host -> {
              throw new UnknownHostException(host);
            });
    ProbeResult r = run(plugin, opts("url", "http://nowhere.test/"));

    assertThat(r.success()).isFalse();
    assertThat(reason(r)).isEqualTo("dns");
    assertThat(r.error()).isEqualTo("unknown host nowhere.test");
  }

  @Test
  void ipFamilyFiltersAndOrdersAddresses() throws Exception {
    server.enqueue(ok("v4"));
    start();
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    InetAddress v6 = InetAddress.getByName("::1");
    HttpPlugin plugin = new HttpPlugin(host -> new InetAddress[] {v6, v4});
    String url = "http://probe.test:" + server.getPort() + "/";

    ProbeResult v4only = run(plugin, opts("url", url, "ip_family", "ip4"));
    assertThat(v4only.success()).as(v4only.error()).isTrue();
    assertThat(value(v4only, "http_ip_family_info", "family", "ip4")).isEqualTo(1.0);

    HttpPlugin noV6 = new HttpPlugin(host -> new InetAddress[] {v4});
    ProbeResult r = run(noV6, opts("url", url, "ip_family", "ip6"));
    assertThat(reason(r)).isEqualTo("dns");
    assertThat(r.error()).isEqualTo("probe.test has no IPv6 address");
  }

  @Test
  void proxyReceivesTheRequestAndTheTargetIsNotResolvedLocally() throws Exception {
    server.enqueue(ok("via proxy"));
    start();
    HttpPlugin noDns =
        new HttpPlugin(
            host -> {
              throw new UnknownHostException(host);
            });

    ProbeResult r =
        run(
            noDns,
            opts(
                "url",
                "http://probe.test/x",
                "proxy_url",
                "http://u:p@127.0.0.1:" + server.getPort()));

    assertThat(r.success()).as(r.error()).isTrue();
    RecordedRequest req = server.takeRequest();
    assertThat(req.getTarget()).isEqualTo("http://probe.test/x");
    assertThat(value(r, "http_ip_family_info", "family", "ip4")).isEqualTo(1.0);
  }

  @Test
  void sourceAddressIsBound() throws Exception {
    server.enqueue(ok("x"));
    String url = start();
    ProbeResult r = run(opts("url", url, "source", "127.0.0.1"));
    assertThat(r.success()).as(r.error()).isTrue();
  }

  @Test
  void failIfNotSslOnPlainHttp() throws Exception {
    server.enqueue(ok("x"));
    String url = start();
    ProbeResult r = run(opts("url", url, "fail_if_not_ssl", true));
    assertThat(r.success()).isFalse();
    assertThat(reason(r)).isEqualTo("ssl_required");
    assertThat(r.error()).isEqualTo("the final URL " + url + " does not use TLS (fail_if_not_ssl)");
  }

  // --- TLS ---

  @Test
  void httpsWithCaFile() throws Exception {
    server.enqueue(ok("secure"));
    String url = startHttps(probeCert);

    ProbeResult r = run(opts("url", url, "tls", Map.of("ca_file", pki.ca().toString())));

    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(value(r, "http_tls_version_info", "version", "TLS 1.3")).isEqualTo(1.0);
    X509Certificate leaf = probeCert.x509();
    assertThat(value(r, "http_ssl_earliest_cert_expiry_seconds"))
        .isEqualTo((double) (leaf.getNotAfter().getTime() / 1000));
    assertThat(value(r, "http_ssl_cert_days_left")).isCloseTo(20.0, within(0.1));
    assertThat(value(r, "http_duration_ms", "phase", "tls")).isGreaterThan(0.0);
    double sum = 0;
    for (String phase : PhaseTimer.PHASES) {
      sum += value(r, "http_duration_ms", "phase", phase);
    }
    double total = value(r, "http_total_duration_ms");
    assertThat(sum).isLessThanOrEqualTo(total);
    assertThat(total - sum).isLessThan(Math.max(20.0, total * 0.5));
    String day =
        DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(ZoneOffset.UTC)
            .format(leaf.getNotAfter().toInstant());
    assertThat(lines.get(0)).isEqualTo("GET " + url + " → 200 OK, 6 bytes");
    assertThat(lines).contains("TLS 1.3, certificate CN=probe.test, expires " + day + " (19 days)");
    System.out.println(String.join("\n", lines));
  }

  @Test
  void serverNameIsCheckedInsteadOfTheUrlHost() throws Exception {
    server.enqueue(ok("x"));
    String url = startHttps(probeCert);
    ProbeResult r =
        run(
            opts(
                "url",
                url,
                "tls",
                Map.of("ca_file", pki.ca().toString(), "server_name", "probe.test")));
    assertThat(r.success()).as(r.error()).isTrue();
  }

  @Test
  void selfSignedFailsWithoutCaFileAndPassesWithIt() throws Exception {
    server.enqueue(ok("x"));
    String url = startHttps(selfSignedCert);

    ProbeResult untrusted = run(opts("url", url));
    assertThat(untrusted.success()).isFalse();
    assertThat(reason(untrusted)).isEqualTo("tls");
    assertThat(untrusted.error()).startsWith("TLS: the server's certificate is not trusted");
    assertThat(value(untrusted, "http_ssl_cert_days_left"))
        .as("the chain seen in the failed handshake")
        .isCloseTo(10.0, within(0.1));
    assertThat(has(untrusted, "http_tls_version_info")).isFalse();

    ProbeResult trusted =
        run(opts("url", url, "tls", Map.of("ca_file", selfSignedCert.certificate().toString())));
    assertThat(trusted.success()).as(trusted.error()).isTrue();
  }

  @Test
  void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
    server.enqueue(ok("x"));
    String url = startHttps(selfSignedCert);
    ProbeResult r =
        run(
            opts(
                "url",
                url.replace("127.0.0.1", "localhost"),
                "tls",
                Map.of("insecure_skip_verify", true)));
    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(has(r, "http_ssl_earliest_cert_expiry_seconds")).isTrue();
  }

  @Test
  void expiredCertificateIsATlsFailureWithItsExpiry() throws Exception {
    server.enqueue(ok("x"));
    server.useHttps(pki.context(expiredCert).getSocketFactory());
    server.start(InetAddress.getLoopbackAddress(), 0);
    String url = "https://127.0.0.1:" + server.getPort() + "/";

    ProbeResult r = run(opts("url", url, "tls", Map.of("ca_file", pki.ca().toString())));

    assertThat(r.success()).isFalse();
    assertThat(reason(r)).isEqualTo("tls");
    assertThat(r.error()).isEqualTo("TLS: the server's certificate has expired");
    assertThat(value(r, "http_ssl_cert_days_left")).isLessThan(-7.0);
    assertThat(lines)
        .anyMatch(l -> l.startsWith("TLS handshake failed, certificate CN=expired.test, expired "));
  }

  @Test
  void mutualTls() throws Exception {
    server.enqueue(ok("x"));
    server.enqueue(ok("x"));
    server.requireClientAuth();
    String url = startHttps(probeCert);

    ProbeResult without = run(opts("url", url, "tls", Map.of("ca_file", pki.ca().toString())));
    ProbeResult with =
        run(
            opts(
                "url",
                url,
                "tls",
                Map.of(
                    "ca_file",
                    pki.ca().toString(),
                    "cert_file",
                    pki.client().certificate().toString(),
                    "key_file",
                    pki.client().key().toString())));

    assertThat(without.success()).isFalse();
    assertThat(reason(without)).isIn("tls", "connect");
    assertThat(with.success()).as(with.error()).isTrue();
  }

  @Test
  void failIfSslOnHttps() throws Exception {
    server.enqueue(ok("x"));
    String url = startHttps(probeCert);
    ProbeResult r =
        run(opts("url", url, "fail_if_ssl", true, "tls", Map.of("ca_file", pki.ca().toString())));
    assertThat(reason(r)).isEqualTo("ssl_forbidden");
  }
}
