package dev.sentinel.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.IpFamily;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpOptionsTest {
  private static final TaskInfo TASK = new TaskInfo("t1", "dev-1");
  private static final String P = "test.yaml: tasks[0].config.";
  private static final String URL = "http://127.0.0.1:8080/";

  private static HttpProbe create(Map<String, ?> options, Problems problems) {
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = new HttpPlugin().configure(section, TASK);
    section.finish();
    return problems.hasErrors() ? null : (HttpProbe) spec.open();
  }

  private static List<String> errors(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    create(options, problems);
    return problems.errors();
  }

  /** {@code url} plus these key/value pairs. */
  private static Map<String, Object> with(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("url", URL);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(Map.of(), P + "url: is required"),
        Arguments.of(Map.of("url", " "), P + "url: is required"),
        Arguments.of(
            Map.of("url", "ftp://example.com/"),
            P + "url: \"ftp://example.com/\" is not an http:// or https:// URL"),
        Arguments.of(
            Map.of("url", "example.com"),
            P + "url: \"example.com\" is not an http:// or https:// URL"),
        Arguments.of(
            Map.of("url", "http://exa mple.com/"),
            P + "url: \"http://exa mple.com/\" is not a valid URL"),
        Arguments.of(
            with("method", "GE T"),
            P + "method: \"GE T\" is not an HTTP method (e.g. GET, HEAD, POST)"),
        Arguments.of(
            with("body", "x"), P + "body: is not allowed with method GET (use e.g. POST or PUT)"),
        Arguments.of(
            with("method", "HEAD", "body", "x"),
            P + "body: is not allowed with method HEAD (use e.g. POST or PUT)"),
        Arguments.of(
            with("headers", List.of("a")), P + "headers: must be a mapping of names to values"),
        Arguments.of(
            with("headers", Map.of("X-A", "a\nb")),
            P + "headers.X-A: is not a valid header: Unexpected char 0x0a at 1 in X-A value: a\nb"),
        Arguments.of(with("password", "p"), P + "password: needs username (basic authentication)"),
        Arguments.of(
            with("username", "u", "password", "p", "password_file", "/p"),
            P + "password_file: cannot be combined with password; set only one of them"),
        Arguments.of(
            with("username", "u", "bearer_token", "t"),
            P + "bearer_token: cannot be combined with username/password (basic auth); choose one"),
        Arguments.of(
            with("bearer_token", "t", "bearer_token_file", "/t"),
            P + "bearer_token_file: cannot be combined with bearer_token; set only one of them"),
        Arguments.of(
            with("bearer_token", "t", "headers", Map.of("Authorization", "x")),
            P + "headers: sets Authorization as well as bearer_token; use one"),
        Arguments.of(with("bearer_token", ""), P + "bearer_token: must not be empty"),
        Arguments.of(
            with("valid_status_codes", List.of(700)),
            P
                + "valid_status_codes[0]: \"700\" is not a status code (100 to 599) or class (e.g."
                + " 2xx)"),
        Arguments.of(
            with("valid_status_codes", List.of("6xx")),
            P
                + "valid_status_codes[0]: \"6xx\" is not a status code (100 to 599) or class (e.g."
                + " 2xx)"),
        Arguments.of(
            with("valid_status_codes", List.of()),
            P + "valid_status_codes: must list at least one status code (or leave it out for 2xx)"),
        Arguments.of(with("valid_status_codes", 200), P + "valid_status_codes: must be a list"),
        Arguments.of(
            with("follow_redirects", "maybe"),
            P + "follow_redirects: \"maybe\" is not true or false"),
        Arguments.of(
            with("max_redirects", 101), P + "max_redirects: 101 is out of range (0 to 100)"),
        Arguments.of(
            with("fail_if_body_matches", List.of("(")),
            P + "fail_if_body_matches[0]: \"(\" is not a valid regular expression: Unclosed group"),
        Arguments.of(
            with("fail_if_body_not_matches", List.of("a", "[")),
            P
                + "fail_if_body_not_matches[1]: \"[\" is not a valid regular expression: Unclosed"
                + " character class"),
        Arguments.of(
            with("fail_if_header_matches", List.of(Map.of("regex", "x"))),
            P + "fail_if_header_matches[0].header: is required"),
        Arguments.of(
            with("fail_if_header_matches", List.of(Map.of("header", "X-A"))),
            P + "fail_if_header_matches[0].regex: is required"),
        Arguments.of(
            with(
                "fail_if_header_matches",
                List.of(Map.of("header", "X-A", "regex", "x", "regexp", "y"))),
            P + "fail_if_header_matches[0].regexp: unknown key (did you mean regex?)"),
        Arguments.of(
            with("fail_if_header_not_matches", List.of(Map.of("header", "X-A", "regex", "*"))),
            P
                + "fail_if_header_not_matches[0].regex: \"*\" is not a valid regular expression:"
                + " Dangling meta character '*'"),
        Arguments.of(
            with("tls", Map.of("ca_file", "/nonexistent/ca.pem")),
            P + "tls.ca_file: cannot read /nonexistent/ca.pem: No such file"),
        Arguments.of(
            with("tls", Map.of("cert_file", "/c.pem")),
            P + "tls.cert_file: is set but key_file is not; a client certificate needs its key"),
        Arguments.of(
            with("tls", Map.of("key_file", "/k.pem")),
            P + "tls.key_file: is set but cert_file is not; a client key needs its certificate"),
        Arguments.of(
            with("tls", Map.of("server_name", "a b")),
            P + "tls.server_name: \"a b\" is not a host name"),
        Arguments.of(
            with("tls", Map.of("insecure_skip_verfy", true)),
            P + "tls.insecure_skip_verfy: unknown key (did you mean insecure_skip_verify?)"),
        Arguments.of(
            with("fail_if_ssl", true, "fail_if_not_ssl", true),
            P + "fail_if_ssl: set either fail_if_ssl or fail_if_not_ssl, not both"),
        Arguments.of(
            with("ip_family", "ipv4"),
            P + "ip_family: \"ipv4\" is not one of ip4, ip6, prefer4, prefer6"),
        Arguments.of(
            with("ip_family", "ip6"), P + "ip_family: does not fit the URL's address 127.0.0.1"),
        Arguments.of(
            with("source", "eth0"),
            P
                + "source: \"eth0\" is not an IP address (the local address to connect from, e.g."
                + " 192.0.2.10)"),
        Arguments.of(
            with("source", "::1", "ip_family", "ip4"),
            P + "ip_family: ip4 does not fit source ::1 (an IPv6 address)"),
        Arguments.of(
            with("proxy_url", "proxy:3128"),
            P
                + "proxy_url: \"proxy:3128\" is not a proxy URL (http://host:port or"
                + " socks5://host:port)"),
        Arguments.of(
            with("proxy_url", "socks5://u:p@proxy:1080"),
            P + "proxy_url: credentials are supported for http:// proxies only"),
        Arguments.of(
            with("body_size_limit", "lots"),
            P + "body_size_limit: invalid size \"lots\" (e.g. 512MB, 4MiB, 1GiB)"),
        Arguments.of(
            with("body_size_limit", 0), P + "body_size_limit: 0 is out of range (1B to 1GiB)"),
        Arguments.of(
            with("body_size_limit", "2GiB"),
            P + "body_size_limit: 2GiB is out of range (1B to 1GiB)"),
        Arguments.of(with("timeout", "0s"), P + "timeout: 0s is out of range (1ms to 1h)"),
        Arguments.of(with("timeout", "2h"), P + "timeout: 2h is out of range (1ms to 1h)"),
        Arguments.of(
            with("timeout", "soon"),
            P + "timeout: invalid duration \"soon\" (use ms, s, m, h, d, e.g. 30s, 1m30s, 500ms)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptions")
  void badOptionIsReportedWithItsKey(Map<String, ?> options, String expected) {
    assertThat(errors(options)).containsExactly(expected);
  }

  @Test
  void defaults() {
    Problems problems = new Problems("test.yaml");
    HttpProbeOptions o = create(Map.of("url", "https://example.com/health"), problems).options();
    assertThat(problems.errors()).isEmpty();
    assertThat(o.method()).isEqualTo("GET");
    assertThat(o.validStatusCodes()).isEmpty(); // 2xx
    assertThat(o.followRedirects()).isTrue();
    assertThat(o.maxRedirects()).isEqualTo(10);
    assertThat(o.bodySizeLimit()).isEqualTo(4L * 1024 * 1024);
    assertThat(o.ipFamily()).isEqualTo(IpFamily.PREFER4);
    assertThat(o.timeout()).isNull();
    assertThat(o.tls()).isEqualTo(TlsSettings.NONE);
  }

  @Test
  void everyOptionAccepted() {
    Problems problems = new Problems("test.yaml");
    Map<String, Object> all =
        with(
            "method",
            "post",
            "headers",
            Map.of("X-A", "1"),
            "body",
            "{}",
            "username",
            "u",
            "password",
            "p",
            "valid_status_codes",
            List.of(200, "3xx"),
            "follow_redirects",
            false,
            "max_redirects",
            3,
            "fail_if_body_matches",
            List.of("error"),
            "fail_if_body_not_matches",
            List.of("ok"),
            "fail_if_header_matches",
            List.of(Map.of("header", "X-A", "regex", "x", "allow_missing", true)),
            "fail_if_header_not_matches",
            List.of(Map.of("header", "X-B", "regex", "y")),
            "tls",
            Map.of("insecure_skip_verify", true, "server_name", "svc.internal"),
            "fail_if_not_ssl",
            true,
            "ip_family",
            "ip4",
            "source",
            "127.0.0.1",
            "proxy_url",
            "http://user:pw@proxy.internal:3128",
            "body_size_limit",
            "1MiB",
            "timeout",
            "5s");
    HttpProbeOptions o = create(all, problems).options();
    assertThat(problems.errors()).isEmpty();
    assertThat(o.method()).isEqualTo("POST");
    assertThat(o.validStatusCodes()).hasSize(2);
    assertThat(o.headerRules()).hasSize(2);
    assertThat(o.proxy().text()).isEqualTo("http://proxy.internal:3128");
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void timeoutDefaultsToTheTaskTimeoutLessAMargin() {
    HttpProbe p = create(Map.of("url", URL), new Problems("t"));
    assertThat(p.budget(ctx(Duration.ofSeconds(10)))).isEqualTo(Duration.ofMillis(9500));
    assertThat(p.budget(ctx(Duration.ofSeconds(1)))).isEqualTo(Duration.ofMillis(900));
    assertThat(p.budget(ctx(null))).isEqualTo(Duration.ofSeconds(10));
    HttpProbe q = create(Map.of("url", URL, "timeout", "3s"), new Problems("t"));
    assertThat(q.budget(ctx(Duration.ofSeconds(10)))).isEqualTo(Duration.ofSeconds(3));
    assertThat(q.budget(ctx(Duration.ofSeconds(2)))).isEqualTo(Duration.ofMillis(1800));
  }

  private static ProbeContext ctx(Duration timeout) {
    return new ProbeContext(Labels.EMPTY, timeout, Clock.systemUTC(), line -> {});
  }
}
