package dev.sentinel.plugins.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.IpFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TcpOptionsTest {
  private static final TaskInfo TASK = new TaskInfo("t1", "dev-1");
  private static final String P = "test.yaml: tasks[0].config.";

  private static TcpProbe create(Map<String, ?> options, Problems problems) {
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = new TcpPlugin().configure(section, TASK);
    section.finish();
    return problems.hasErrors() ? null : (TcpProbe) spec.open();
  }

  private static List<String> errors(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    create(options, problems);
    return problems.errors();
  }

  private static Map<String, Object> ok(Object... more) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", "127.0.0.1");
    m.put("port", 25);
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> steps(Object... steps) {
    return ok("query_response", List.of(steps));
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(Map.of("port", 25), P + "host: is required"),
        Arguments.of(Map.of("host", " ", "port", 25), P + "host: is required"),
        Arguments.of(Map.of("host", "127.0.0.1"), P + "port: is required"),
        Arguments.of(
            Map.of("host", "-oProxy", "port", 25),
            P + "host: \"-oProxy\" must not start with \"-\""),
        Arguments.of(
            Map.of("host", "a b", "port", 25),
            P
                + "host: \"a b\" is not a host name or IP address (use letters, digits, \".\","
                + " \"-\", \":\")"),
        Arguments.of(
            Map.of("host", "x".repeat(254), "port", 25), P + "host: is longer than 253 characters"),
        Arguments.of(
            Map.of("host", List.of("a"), "port", 25),
            P + "host: must be a single value, not a list"),
        Arguments.of(ok("port", 0), P + "port: 0 is out of range (1 to 65535)"),
        Arguments.of(ok("port", 70000), P + "port: 70000 is out of range (1 to 65535)"),
        Arguments.of(ok("port", "smtp"), P + "port: \"smtp\" is not a whole number"),
        Arguments.of(ok("tls", "maybe"), P + "tls: \"maybe\" is not true or false"),
        Arguments.of(
            ok("tls", true, "tls_config", Map.of("cert_file", "c.pem")),
            P
                + "tls_config.cert_file: is set but key_file is not; a client certificate needs its"
                + " key"),
        Arguments.of(
            ok("tls", true, "tls_config", Map.of("key_file", "k.pem")),
            P
                + "tls_config.key_file: is set but cert_file is not; a client key needs its"
                + " certificate"),
        Arguments.of(
            ok("tls", true, "tls_config", Map.of("server_name", "a b")),
            P + "tls_config.server_name: \"a b\" is not a host name"),
        Arguments.of(
            ok("tls", true, "tls_config", Map.of("insecure_skip_verify", "sure")),
            P + "tls_config.insecure_skip_verify: \"sure\" is not true or false"),
        Arguments.of(
            ok("tls", true, "tls_config", Map.of("ca_fiel", "ca.pem")),
            P + "tls_config.ca_fiel: unknown key (did you mean ca_file?)"),
        Arguments.of(
            ok("tls", true, "tls_config", Map.of("min_version", "TLS12")),
            P
                + "tls_config.min_version: unknown key (known keys: ca_file, cert_file,"
                + " insecure_skip_verify, key_file, server_name)"),
        Arguments.of(
            steps(Map.of("expect", "([a-z")),
            P
                + "query_response[0].expect: invalid regular expression /([a-z/: Unclosed character"
                + " class at index 4"),
        Arguments.of(
            steps(Map.of("send", "HELO x\r\n", "expect", "^250")),
            P + "query_response[0]: set either send or expect, not both (use two steps)"),
        Arguments.of(
            steps(Map.of("expect", "^220"), Map.of()),
            P + "query_response[1]: needs send or expect"),
        Arguments.of(
            steps(Map.of("expect", "")), P + "query_response[0].expect: must not be empty"),
        Arguments.of(steps(Map.of("send", "")), P + "query_response[0].send: must not be empty"),
        Arguments.of(
            steps("QUIT"),
            P + "query_response[0]: must be {send: \"text\"} or {expect: \"regex\"}"),
        Arguments.of(
            steps(Map.of("starttls", true)),
            P + "query_response[0].starttls: is not supported (use send or expect)"),
        Arguments.of(
            steps(Map.of("expect_bytes", "AAA")),
            P + "query_response[0].expect_bytes: is not supported (use send or expect)"),
        Arguments.of(
            steps(Map.of("sned", "x")),
            P + "query_response[0].sned: unknown key (did you mean send?)"),
        Arguments.of(ok("query_response", "QUIT"), P + "query_response: must be a list"),
        Arguments.of(
            ok("source", "eth0"),
            P
                + "source: \"eth0\" is not an IP address (the local address to connect from, e.g."
                + " 192.0.2.10)"),
        Arguments.of(
            ok("source", "::1", "ip_family", "ip4"),
            P + "source: is an IPv6 address but ip_family is ip4"),
        Arguments.of(
            ok("ip_family", "both"),
            P + "ip_family: \"both\" is not one of ip4, ip6, prefer4, prefer6"),
        Arguments.of(ok("timeout", "0s"), P + "timeout: 0s is out of range (1ms to 10m)"),
        Arguments.of(ok("timeout", "1h"), P + "timeout: 1h is out of range (1ms to 10m)"),
        Arguments.of(ok("timeout", "5"), P + "timeout: \"5\" has no unit (write e.g. 5s or 5ms)"),
        Arguments.of(ok("prot", 25), P + "prot: unknown key (did you mean port?)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptions")
  void badOptionGivesExactlyOneError(Map<String, ?> options, String expected) {
    assertThat(errors(options)).containsExactly(expected);
  }

  @Test
  void tooManySteps() {
    Object[] many = new Object[101];
    Arrays.fill(many, Map.of("send", "x"));
    assertThat(errors(steps(many)))
        .containsExactly(P + "query_response: has 101 steps; at most 100");
  }

  @Test
  void everyBadOptionIsReportedInOnePass() {
    assertThat(
            errors(
                Map.of(
                    "host",
                    "-x",
                    "port",
                    0,
                    "timeout",
                    "0s",
                    "query_response",
                    List.of(Map.of("expect", "("), Map.of("send", "a", "expect", "b")))))
        .containsExactlyInAnyOrder(
            P + "host: \"-x\" must not start with \"-\"",
            P + "port: 0 is out of range (1 to 65535)",
            P + "timeout: 0s is out of range (1ms to 10m)",
            P
                + "query_response[0].expect: invalid regular expression /(/: Unclosed group at"
                + " index 1",
            P + "query_response[1]: set either send or expect, not both (use two steps)");
  }

  @Test
  void defaults() {
    Problems problems = new Problems("test.yaml");
    TcpOptions o = create(ok(), problems).options();
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings()).isEmpty();
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(25);
    assertThat(o.tls()).isFalse();
    assertThat(o.tlsConfig()).isEqualTo(TlsSettings.NONE);
    assertThat(o.steps()).isEmpty();
    assertThat(o.source()).isNull();
    assertThat(o.ipFamily()).isEqualTo(IpFamily.PREFER4);
    assertThat(o.timeout()).isEmpty();
  }

  @Test
  void everyOption() {
    Problems problems = new Problems("test.yaml");
    TcpOptions o =
        create(
                Map.of(
                    "host",
                    " mail.lan ",
                    "port",
                    "465",
                    "tls",
                    "yes",
                    "tls_config",
                    Map.of(
                        "ca_file",
                        "/ca.pem",
                        "server_name",
                        "smtp.lan",
                        "insecure_skip_verify",
                        false,
                        "cert_file",
                        "/c.pem",
                        "key_file",
                        "/k.pem"),
                    "query_response",
                    List.of(Map.of("expect", "^220 "), Map.of("send", "EHLO prober\r\n")),
                    "source",
                    "::1",
                    "ip_family",
                    "PREFER6",
                    "timeout",
                    "1500ms"),
                problems)
            .options();
    assertThat(problems.errors()).isEmpty();
    assertThat(o.host()).isEqualTo("mail.lan");
    assertThat(o.port()).isEqualTo(465);
    assertThat(o.tls()).isTrue();
    assertThat(o.tlsConfig())
        .isEqualTo(
            new TlsSettings(
                Path.of("/ca.pem"), Path.of("/c.pem"), Path.of("/k.pem"), "smtp.lan", false));
    assertThat(o.steps()).hasSize(2);
    assertThat(((TcpOptions.Expect) o.steps().get(0)).regex().pattern()).isEqualTo("^220 ");
    assertThat(o.steps().get(1)).isEqualTo(new TcpOptions.Send("EHLO prober\r\n"));
    assertThat(o.source().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(o.ipFamily()).isEqualTo(IpFamily.PREFER6);
    assertThat(o.timeout()).isEqualTo(Optional.of(Duration.ofMillis(1500)));
  }

  @Test
  void tlsConfigWithoutTlsIsAWarning() {
    Problems problems = new Problems("test.yaml");
    create(ok("tls_config", Map.of("insecure_skip_verify", true)), problems);
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings())
        .containsExactly(P + "tls_config: is ignored unless tls is true");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "localhost",
        "smtp.example.org",
        "edge_gw",
        "::1",
        "2001:db8::1",
        "fe80::1%eth0"
      })
  void acceptedHosts(String host) {
    assertThat(errors(Map.of("host", host, "port", 1))).isEmpty();
  }

  @Test
  void labelNames() {
    assertThat(
            new TcpPlugin()
                .configure(Section.of("tasks[0].config", ok(), new Problems("test.yaml")), TASK)
                .labelNames())
        .containsExactlyInAnyOrder("host", "port", "reason");
  }
}
