package dev.sentinel.plugins.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.TaskInfo;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Samples, labels and progress lines, with a scripted engine and resolver (no network, no DNS). */
class PingProbeTest {
  private static final Labels BASE =
      Labels.of("device_id", "dev-1", "task_id", "t1", "plugin", "ping");
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  private final List<String> lines = new ArrayList<>();
  private ScriptedEngine engine;

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "dual.test" ->
          new InetAddress[] {InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")};
      case "v6only.test" -> new InetAddress[] {InetAddress.getByName("::1")};
      case "nosuch.test" -> throw new UnknownHostException(host);
      default -> new InetAddress[] {InetAddress.getByName(host)}; // literals only
    };
  }

  private ProbeResult run(Map<String, ?> options, Map<String, List<Double>> script)
      throws InterruptedException {
    engine = new ScriptedEngine(script);
    Problems problems = new Problems("test.yaml");
    Probe probe =
        new PingPlugin(m -> engine, PingProbeTest::resolve)
            .configure(
                Section.of("tasks[0].config", options, problems), new TaskInfo("t1", "dev-1"))
            .open();
    assertThat(problems.errors()).isEmpty();
    return probe.run(new ProbeContext(BASE, Duration.ofSeconds(10), CLOCK, lines::add));
  }

  private static Map<String, Double> values(ProbeResult r, String host) {
    return r.samples().stream()
        .filter(s -> host.equals(s.labels().get("host")))
        .collect(Collectors.toMap(Sample::name, Sample::value));
  }

  @Test
  void smokepingStatisticsForOneTarget() throws Exception {
    ProbeResult r =
        run(
            Map.of("host", "127.0.0.1", "count", 4, "percentiles", List.of(50, 95)),
            Map.of("127.0.0.1", Arrays.asList(0.030, 0.060, null, 0.045)));
    assertThat(r.success()).isTrue();
    Map<String, Double> v = values(r, "127.0.0.1");
    assertThat(v.get("ping_rtt_ms")).isCloseTo(0.045, within(1e-6));
    assertThat(v)
        .containsEntry("ping_rtt_min_ms", 0.030)
        .containsEntry("ping_rtt_max_ms", 0.060)
        .containsEntry("ping_rtt_median_ms", 0.045)
        .containsEntry("ping_rtt_ms_p50", 0.045)
        .containsEntry("ping_packet_loss", 25.0)
        .containsEntry("ping_reachable", 1.0)
        .containsEntry("ping_packets_sent", 4.0)
        .containsEntry("ping_packets_received", 3.0)
        .containsEntry("ping_duplicates", 0.0)
        .containsEntry("ping_reply_ttl", 64.0);
    assertThat(v.get("ping_rtt_mdev_ms"))
        .isCloseTo(Math.sqrt((0.015 * 0.015 * 2) / 3), within(1e-6));
    assertThat(v.get("ping_jitter_ms"))
        .isCloseTo((0.030 + 0.015) / 2, within(1e-6)); // |60-30|, |45-60|
    assertThat(v.get("ping_rtt_ms_p95")).isCloseTo(0.0585, within(1e-6));
    assertThat(r.samples())
        .allSatisfy(
            s -> assertThat(s.labels()).isEqualTo(BASE.merge(Labels.of("host", "127.0.0.1"))));
    assertThat(lines)
        .containsExactly(
            "PING 127.0.0.1 (127.0.0.1) 56 data bytes, via the ping command",
            "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.030 ms",
            "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.060 ms",
            "no reply from 127.0.0.1: icmp_seq=3",
            "64 bytes from 127.0.0.1: icmp_seq=4 ttl=64 time=0.045 ms",
            "--- 127.0.0.1 ping statistics ---",
            "4 packets transmitted, 3 received, 25% packet loss",
            "rtt min/avg/max/mdev = 0.030/0.045/0.060/0.012 ms",
            "rtt median 0.045 ms, jitter 0.023 ms");
  }

  @Test
  void nothingBackMeansNoRttSeriesAndFullLoss() throws Exception {
    ProbeResult r = run(Map.of("host", "127.0.0.1", "count", 2), Map.of());
    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("100% packet loss");
    assertThat(values(r, "127.0.0.1"))
        .containsOnlyKeys(
            "ping_packet_loss",
            "ping_reachable",
            "ping_packets_sent",
            "ping_packets_received",
            "ping_duplicates")
        .containsEntry("ping_packet_loss", 100.0)
        .containsEntry("ping_reachable", 0.0);
    assertThat(r.samples()).allSatisfy(s -> assertThat(Double.isNaN(s.value())).isFalse());
  }

  @Test
  void unknownHostIsAFailedResultWithoutSendingAnything() throws Exception {
    ProbeResult r = run(Map.of("host", "nosuch.test"), Map.of());
    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("unknown host nosuch.test");
    assertThat(engine.runs).isEmpty();
    assertThat(values(r, "nosuch.test"))
        .containsEntry("ping_reachable", 0.0)
        .containsEntry("ping_packets_sent", 0.0);
    assertThat(lines).containsExactly("unknown host nosuch.test");
  }

  @Test
  void manyTargetsEachWithItsOwnDeviceAndHostLabels() throws Exception {
    ProbeResult r =
        run(
            Map.of(
                "targets",
                List.of(
                    "127.0.0.1", Map.of("host", "127.0.0.2", "device_id", "switch-2"), "127.0.0.3"),
                "count",
                1),
            Map.of("127.0.0.1", List.of(0.02), "127.0.0.2", List.of(0.03)));
    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("1 of 3 targets unreachable");
    assertThat(engine.runs).hasSize(1); // one run for all targets
    assertThat(r.samples())
        .filteredOn(s -> s.name().equals("ping_reachable"))
        .extracting(
            s -> s.labels().get("device_id") + "/" + s.labels().get("host") + "=" + s.value())
        .containsExactly(
            "127.0.0.1/127.0.0.1=1.0", "switch-2/127.0.0.2=1.0", "127.0.0.3/127.0.0.3=0.0");
    assertThat(lines)
        .containsExactly(
            "PING 3 targets, 1 echo each, via the ping command",
            "127.0.0.1 : xmt/rcv/%loss = 1/1/0%, min/avg/max = 0.020/0.020/0.020",
            "127.0.0.2 : xmt/rcv/%loss = 1/1/0%, min/avg/max = 0.030/0.030/0.030",
            "127.0.0.3 : xmt/rcv/%loss = 1/0/100%");
  }

  @Test
  void ipFamilyIsExplicit() throws Exception {
    run(Map.of("host", "dual.test", "count", 1), Map.of());
    assertThat(engine.runs.get(0))
        .extracting(t -> t.address().getHostAddress())
        .containsExactly("127.0.0.1");
    run(Map.of("host", "dual.test", "count", 1, "ip_family", "prefer6"), Map.of());
    assertThat(engine.runs.get(0))
        .extracting(t -> t.address().getHostAddress())
        .containsExactly("0:0:0:0:0:0:0:1");
    ProbeResult both =
        run(
            Map.of("host", "dual.test", "count", 1, "ip_family", "both"),
            Map.of("127.0.0.1", List.of(0.02), "0:0:0:0:0:0:0:1", List.of(0.03)));
    assertThat(both.samples())
        .filteredOn(s -> s.name().equals("ping_rtt_ms"))
        .extracting(s -> s.labels().get("ip_family"))
        .containsExactly("ip4", "ip6");
    ProbeResult v4only = run(Map.of("host", "v6only.test", "ip_family", "ip4"), Map.of());
    assertThat(v4only.error()).isEqualTo("v6only.test has no IPv4 address");
  }

  @Test
  void resolvesANameAgainOnEveryRunAndAnAddressLiteralOnce() throws Exception {
    assertThat(lookupsInTwoRuns("dual.test")).isEqualTo(2);
    assertThat(lookupsInTwoRuns("127.0.0.1")).isEqualTo(1);
  }

  private int lookupsInTwoRuns(String host) throws Exception {
    engine = new ScriptedEngine(Map.of());
    int[] lookups = {0};
    Problems problems = new Problems("t");
    Probe probe =
        new PingPlugin(
                m -> engine,
                h -> {
                  lookups[0]++;
                  return resolve(h);
                })
            .configure(
                Section.of("c", Map.of("host", host, "count", 1), problems), new TaskInfo("t", "d"))
            .open();
    ProbeContext ctx =
        new ProbeContext(BASE, Duration.ofSeconds(1), CLOCK, ProbeContext.Listener.NONE);
    ProbeResult first = probe.run(ctx);
    ProbeResult second = probe.run(ctx);
    assertThat(second.samples()).hasSameSizeAs(first.samples()).isNotEmpty();
    return lookups[0];
  }
}
