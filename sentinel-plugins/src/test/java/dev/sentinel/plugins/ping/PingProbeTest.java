package dev.sentinel.plugins.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.config.Problems;
import dev.sentinel.core.config.Section;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Samples and progress lines, with an engine that replays iputils output (no network). */
class PingProbeTest {
  private static final Labels BASE = Labels.of("device_id", "dev-1", "task", "t1");
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  private final List<String> lines = new ArrayList<>();

  private ProbeResult run(String host, String output) throws InterruptedException {
    PingEngine replay = (req, listener) -> IputilsParser.parse(req.host(), output, listener);
    Problems problems = new Problems("test.yaml");
    Probe probe =
        new PingPlugin(replay)
            .create(Section.of("tasks[0].config", Map.of("host", host), problems), new TaskInfo("t1", "dev-1"));
    assertThat(problems.errors()).isEmpty();
    return probe.run(new ProbeContext(BASE, Duration.ofSeconds(10), CLOCK, lines::add));
  }

  private static Map<String, Double> values(ProbeResult r) {
    return r.samples().stream().collect(Collectors.toMap(Sample::name, Sample::value));
  }

  @Test
  void allReplies() throws Exception {
    ProbeResult r = run("127.0.0.1", IputilsParserTest.ALL_REPLIES);
    assertThat(r.success()).isTrue();
    assertThat(r.error()).isEmpty();
    assertThat(values(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ping_rtt_ms", 0.045,
                "ping_rtt_min_ms", 0.030,
                "ping_rtt_max_ms", 0.060,
                "ping_packet_loss", 0.0,
                "ping_reachable", 1.0,
                "ping_packets_sent", 3.0,
                "ping_packets_received", 3.0));
    for (Sample s : r.samples()) {
      assertThat(s.labels()).isEqualTo(Labels.of("device_id", "dev-1", "task", "t1", "host", "127.0.0.1"));
      assertThat(s.kind()).isEqualTo(Sample.Kind.GAUGE);
      assertThat(s.timestampMs()).isEqualTo(1_700_000_000_000L);
    }
    assertThat(lines)
        .containsExactly(
            "PING 127.0.0.1 (127.0.0.1)",
            "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms",
            "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.060 ms",
            "64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.030 ms",
            "--- 127.0.0.1 ping statistics ---",
            "3 packets transmitted, 3 received, 0% packet loss",
            "rtt min/avg/max = 0.030/0.045/0.060 ms");
  }

  @Test
  void partialLoss() throws Exception {
    ProbeResult r = run("192.0.2.10", IputilsParserTest.PARTIAL_LOSS);
    assertThat(r.success()).isTrue();
    assertThat(values(r)).containsEntry("ping_packet_loss", 33.3333).containsEntry("ping_reachable", 1.0);
    assertThat(lines)
        .containsExactly(
            "PING 192.0.2.10 (192.0.2.10)",
            "64 bytes from 192.0.2.10: icmp_seq=1 ttl=57 time=12.3 ms",
            "no reply from 192.0.2.10: icmp_seq=2",
            "64 bytes from 192.0.2.10: icmp_seq=3 ttl=57 time=14.1 ms",
            "--- 192.0.2.10 ping statistics ---",
            "3 packets transmitted, 2 received, 33.3333% packet loss",
            "rtt min/avg/max = 12.300/13.200/14.100 ms");
  }

  @Test
  void allLostHasNoRttAndNoNaN() throws Exception {
    ProbeResult r = run("192.0.2.1", IputilsParserTest.ALL_LOST);
    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("100% packet loss");
    assertThat(values(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ping_packet_loss", 100.0,
                "ping_reachable", 0.0,
                "ping_packets_sent", 3.0,
                "ping_packets_received", 0.0));
    assertThat(lines)
        .containsExactly(
            "PING 192.0.2.1 (192.0.2.1)",
            "no reply from 192.0.2.1: icmp_seq=1",
            "no reply from 192.0.2.1: icmp_seq=2",
            "no reply from 192.0.2.1: icmp_seq=3",
            "--- 192.0.2.1 ping statistics ---",
            "3 packets transmitted, 0 received, 100% packet loss");
  }

  @Test
  void duplicates() throws Exception {
    ProbeResult r = run("192.0.2.7", IputilsParserTest.DUPLICATES);
    assertThat(r.success()).isTrue();
    assertThat(values(r)).containsEntry("ping_packets_received", 2.0).containsEntry("ping_rtt_ms", 0.543);
    assertThat(lines)
        .contains(
            "64 bytes from 192.0.2.7: icmp_seq=1 ttl=64 time=0.621 ms (DUP!)",
            "2 packets transmitted, 2 received, +1 duplicates, 0% packet loss");
  }

  @Test
  void unknownHost() throws Exception {
    ProbeResult r = run("nosuch.invalid", "ping: nosuch.invalid: Name or service not known\n");
    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("unknown host nosuch.invalid (Name or service not known)");
    assertThat(values(r))
        .containsEntry("ping_reachable", 0.0)
        .containsEntry("ping_packet_loss", 100.0)
        .doesNotContainKeys("ping_rtt_ms", "ping_rtt_min_ms", "ping_rtt_max_ms");
    assertThat(lines).containsExactly("unknown host nosuch.invalid (Name or service not known)");
  }

  @Test
  void killedMidRunStillReportsWhatCameBack() throws Exception {
    ProbeResult r = run("127.0.0.1", IputilsParserTest.KILLED);
    assertThat(r.success()).isTrue();
    assertThat(values(r))
        .containsEntry("ping_packets_sent", 3.0)
        .containsEntry("ping_packets_received", 2.0)
        .containsEntry("ping_rtt_min_ms", 0.041);
    assertThat(values(r).get("ping_packet_loss")).isCloseTo(33.333, org.assertj.core.data.Offset.offset(0.001));
    assertThat(lines).contains("3 packets transmitted, 2 received, 33.3333% packet loss");
  }

  @Test
  void labelNames() {
    Probe probe =
        new PingPlugin()
            .create(
                Section.of("tasks[0].config", Map.of("host", "127.0.0.1"), new Problems("test.yaml")),
                new TaskInfo("t1", "dev-1"));
    assertThat(probe.labelNames()).containsExactly("host");
  }
}
