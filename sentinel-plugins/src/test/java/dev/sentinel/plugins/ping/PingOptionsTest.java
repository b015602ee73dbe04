package dev.sentinel.plugins.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.core.config.ConfigLoader;
import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.options.ConfigException;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.PluginRegistry;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.plugins.net.IpFamily;
import dev.sentinel.plugins.ping.echo.EchoEngine;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PingOptionsTest {
  private static final TaskInfo TASK = new TaskInfo("t1", "dev-1");
  private static final String P = "test.yaml: tasks[0].config.";

  private static PingProbe create(Map<String, ?> options, Problems problems) {
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = new PingPlugin().configure(section, TASK);
    section.finish();
    return problems.hasErrors() ? null : (PingProbe) spec.open();
  }

  private static List<String> errors(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    create(options, problems);
    return problems.errors();
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(Map.of(), P + "host: is required (or give a list under targets)"),
        Arguments.of(Map.of("host", ""), P + "host: is required (or give a list under targets)"),
        Arguments.of(Map.of("host", "  "), P + "host: is required (or give a list under targets)"),
        Arguments.of(
            Map.of("host", "-c1"),
            P + "host: \"-c1\" must not start with \"-\" (ping would read it as an option)"),
        Arguments.of(
            Map.of("host", "--help"),
            P + "host: \"--help\" must not start with \"-\" (ping would read it as an option)"),
        Arguments.of(
            Map.of("host", "127.0.0.1; rm -rf /"), P + "host: " + notHost("127.0.0.1; rm -rf /")),
        Arguments.of(Map.of("host", "a b"), P + "host: " + notHost("a b")),
        Arguments.of(Map.of("host", "$(id)"), P + "host: " + notHost("$(id)")),
        Arguments.of(Map.of("host", "`id`"), P + "host: " + notHost("`id`")),
        Arguments.of(Map.of("host", "h|x"), P + "host: " + notHost("h|x")),
        Arguments.of(Map.of("host", "h\tx"), P + "host: " + notHost("h\tx")),
        Arguments.of(Map.of("host", "h&x"), P + "host: " + notHost("h&x")),
        Arguments.of(Map.of("host", "h>x"), P + "host: " + notHost("h>x")),
        Arguments.of(Map.of("host", "x".repeat(254)), P + "host: is longer than 253 characters"),
        Arguments.of(
            Map.of("host", List.of("a", "b")), P + "host: must be a single value, not a list"),
        Arguments.of(host("count", 0), P + "count: 0 is out of range (1 to 10000)"),
        Arguments.of(host("count", -3), P + "count: -3 is out of range (1 to 10000)"),
        Arguments.of(host("count", 10001), P + "count: 10001 is out of range (1 to 10000)"),
        Arguments.of(
            host("count", "99999999999999999999"),
            P + "count: 99999999999999999999 is out of range (1 to 10000)"),
        Arguments.of(host("count", "many"), P + "count: \"many\" is not a whole number"),
        Arguments.of(host("count", "2.5"), P + "count: \"2.5\" is not a whole number"),
        Arguments.of(host("interval", "5ms"), P + "interval: 5ms is out of range (10ms to 1m)"),
        Arguments.of(host("interval", "0s"), P + "interval: 0s is out of range (10ms to 1m)"),
        Arguments.of(host("interval", "2m"), P + "interval: 2m is out of range (10ms to 1m)"),
        Arguments.of(
            host("interval", "1"), P + "interval: \"1\" has no unit (write e.g. 1s or 1ms)"),
        Arguments.of(
            host("interval", "fast"),
            P + "interval: invalid duration \"fast\" (use ms, s, m, h, d, e.g. 30s, 1m30s, 500ms)"),
        Arguments.of(host("timeout", "0s"), P + "timeout: 0s is out of range (1ms to 1m)"),
        Arguments.of(host("size", 70000), P + "size: 70000 is out of range (0 to 65000)"),
        Arguments.of(host("ttl", 0), P + "ttl: 0 is out of range (1 to 255)"),
        Arguments.of(host("tos", 256), P + "tos: 256 is out of range (0 to 255)"),
        Arguments.of(host("dscp", 64), P + "dscp: 64 is out of range (0 to 63)"),
        Arguments.of(
            host("source", "eth0"),
            P
                + "source: \"eth0\" is not an IP address (the address to send from, e.g."
                + " 192.0.2.10)"),
        Arguments.of(
            host("ip_family", "ipv4"),
            P + "ip_family: \"ipv4\" is not one of ip4, ip6, prefer4, prefer6, both"),
        Arguments.of(
            host("method", "icmp"), P + "method: \"icmp\" is not one of auto, dgram, raw, exec"),
        Arguments.of(
            host("percentiles", List.of(95, 100)),
            P + "percentiles: \"100\" is not a percentile between 0 and 100 (e.g. [50, 95, 99])"),
        Arguments.of(
            Map.of("host", "a", "targets", List.of("b")),
            P + "targets: set either host or targets, not both"),
        Arguments.of(Map.of("targets", List.of()), P + "targets: must list at least one host"),
        Arguments.of(
            Map.of("targets", List.of("a", "a")), P + "targets[1]: duplicate target \"a\""),
        Arguments.of(
            Map.of("targets", List.of("-x")),
            P + "targets[0]: \"-x\" must not start with \"-\" (ping would read it as an option)"),
        Arguments.of(
            Map.of("targets", List.of(Map.of("device_id", "d"))),
            P + "targets[0].host: is required"),
        Arguments.of(
            Map.of("targets", List.of(Map.of("host", "a", "devcie_id", "d"))),
            P + "targets[0].devcie_id: unknown key (did you mean device_id?)"),
        Arguments.of(host("timeout", "5m"), P + "timeout: 5m is out of range (1ms to 1m)"),
        Arguments.of(
            host("timeout", "2"), P + "timeout: \"2\" has no unit (write e.g. 2s or 2ms)"));
  }

  private static String notHost(String h) {
    return "\""
        + h
        + "\" is not a host name or IP address (use letters, digits, \".\", \"-\", \":\")";
  }

  private static Map<String, Object> host(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", "127.0.0.1");
    m.put(key, value);
    return m;
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptions")
  void badOptionGivesExactlyOneError(Map<String, ?> options, String expected) {
    assertThat(errors(options)).containsExactly(expected);
  }

  @Test
  void everyBadOptionIsReportedInOnePass() {
    assertThat(errors(Map.of("host", "-x", "count", 0, "interval", "1ms", "timeout", "0s")))
        .containsExactlyInAnyOrder(
            P + "host: \"-x\" must not start with \"-\" (ping would read it as an option)",
            P + "count: 0 is out of range (1 to 10000)",
            P + "interval: 1ms is out of range (10ms to 1m)",
            P + "timeout: 0s is out of range (1ms to 1m)");
  }

  @Test
  void packetOptionsAndTargets() {
    Problems problems = new Problems("test.yaml");
    PingOptions o =
        create(
                Map.of(
                    "targets",
                    List.of("127.0.0.1", Map.of("host", "::1", "device_id", "lo6")),
                    "size",
                    120,
                    "ttl",
                    9,
                    "dscp",
                    46,
                    "source",
                    "127.0.0.1",
                    "ip_family",
                    "both",
                    "method",
                    "raw",
                    "percentiles",
                    List.of(99, 50.5, 95)),
                problems)
            .options();
    assertThat(problems.errors()).isEmpty();
    assertThat(o.multi()).isTrue();
    assertThat(o.hosts())
        .containsExactly(
            new PingOptions.Host("127.0.0.1", "127.0.0.1"), new PingOptions.Host("::1", "lo6"));
    assertThat(o.spec().size()).isEqualTo(120);
    assertThat(o.spec().ttl()).isEqualTo(9);
    assertThat(o.spec().tos()).isEqualTo(46 << 2);
    assertThat(o.spec().source4().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(o.spec().source6()).isNull();
    assertThat(o.ipFamily()).isEqualTo(IpFamily.BOTH);
    assertThat(o.method()).isEqualTo("raw");
    assertThat(o.percentiles()).containsExactly(50.5, 95.0, 99.0);
    assertThat(PingSamples.percentileName(99.9)).isEqualTo("ping_rtt_ms_p99_9");
    assertThat(PingSamples.percentileName(95)).isEqualTo("ping_rtt_ms_p95");
  }

  @Test
  void misspelledKeyGetsADidYouMean() {
    assertThat(errors(Map.of("host", "127.0.0.1", "cuont", 3)))
        .containsExactly(P + "cuont: unknown key (did you mean count?)");
  }

  @Test
  void defaults() {
    Problems problems = new Problems("test.yaml");
    PingOptions o = create(Map.of("host", "127.0.0.1"), problems).options();
    assertThat(problems.errors()).isEmpty();
    assertThat(o.spec()).isEqualTo(EchoSpec.of(4, Duration.ofSeconds(1), Duration.ofSeconds(2)));
    assertThat(o.hosts()).containsExactly(new PingOptions.Host("127.0.0.1", "dev-1"));
    assertThat(o.ipFamily()).isEqualTo(IpFamily.PREFER4);
    assertThat(o.method()).isEqualTo("auto");
    assertThat(o.multi()).isFalse();
  }

  @Test
  void explicitValues() {
    Problems problems = new Problems("test.yaml");
    PingOptions o =
        create(
                Map.of("host", " ::1 ", "count", 10000, "interval", "200ms", "timeout", "1500ms"),
                problems)
            .options();
    assertThat(problems.errors()).isEmpty();
    assertThat(o.spec())
        .isEqualTo(EchoSpec.of(10000, Duration.ofMillis(200), Duration.ofMillis(1500)));
    assertThat(o.hosts()).containsExactly(new PingOptions.Host("::1", "dev-1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "localhost",
        "router-1.example.lan",
        "edge_gw",
        "::1",
        "2001:db8::1",
        "fe80::1%eth0",
        "::ffff:192.0.2.1",
        "192.0.2.1."
      })
  void acceptedHosts(String host) {
    assertThat(errors(Map.of("host", host))).isEmpty();
  }

  @Test
  void rejectedHostNeverReachesTheEngine() throws InterruptedException {
    Problems problems = new Problems("test.yaml");
    EchoEngine engine =
        new EchoEngine() {
          @Override
          public String method() {
            return "test";
          }

          @Override
          public List<EchoResult> ping(List<PingTarget> targets, EchoSpec spec, EchoListener l) {
            throw new AssertionError("must not run " + targets);
          }
        };
    // Core refuses the whole config: the task's spec is never opened, so no probe exists to run.
    ConfigLoader loader =
        new ConfigLoader(
            PluginRegistry.of(new PingPlugin(engine)), DestinationRegistry.of(), Map.of(), "test");
    assertThatThrownBy(
            () ->
                loader.parse(
                    "test.yaml",
                    "tasks:\n  - {id: t, plugin: ping, interval: 10s, config: {host: \"-f\"}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tasks[0].config.host: \"-f\" must not start with \"-\"");
    Section section = Section.of("tasks[0].config", Map.of("host", "-f"), problems);
    new PingPlugin(engine).configure(section, TASK);
    assertThat(problems.errors()).hasSize(1);
  }
}
