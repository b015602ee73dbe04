package dev.sentinel.plugins.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin as the daemon loads it (process-wide engines), with a 1000-target task (127.0.1.1 …
 * 127.0.4.232) over real ICMP on loopback, through each native method.
 */
class ManyTargetsLoopbackTest {
  static List<String> targets() {
    List<String> out = new ArrayList<>();
    for (int c = 1, d = 1; out.size() < 1000; ) {
      out.add("127.0." + c + "." + d);
      if (++d > 255) {
        d = 0;
        c++;
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dgram", "raw"})
  void thousandTargetsAllReplyEachWithItsOwnLabels(String method) throws Exception {
    List<String> hosts = targets();
    assertThat(hosts).hasSize(1000).startsWith("127.0.1.1").endsWith("127.0.4.232");
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("targets", hosts);
    options.put("count", 1);
    options.put("timeout", "2s");
    options.put("method", method);
    Problems problems = new Problems("test.yaml");
    Probe probe =
        new PingPlugin()
            .configure(Section.of("tasks[0].config", options, problems), new TaskInfo("fan", "fan"))
            .open();
    assertThat(problems.errors()).isEmpty();
    List<String> lines = new ArrayList<>();
    ProbeResult r =
        probe.run(
            new ProbeContext(
                Labels.of("device_id", "fan", "task_id", "fan", "plugin", "ping"),
                Duration.ofSeconds(10),
                Clock.systemUTC(),
                lines::add));

    assertThat(r.error()).isEmpty();
    assertThat(r.success()).isTrue();
    assertThat(lines.get(0))
        .isEqualTo("PING 1000 targets, 1 echo each, via " + PingReport.describe(method));
    List<Sample> reachable =
        r.samples().stream().filter(s -> s.name().equals("ping_reachable")).toList();
    assertThat(reachable)
        .hasSize(1000)
        .allSatisfy(
            s -> {
              assertThat(s.value()).isEqualTo(1.0);
              assertThat(s.labels().get("device_id")).isEqualTo(s.labels().get("host"));
              assertThat(s.labels().get("task_id")).isEqualTo("fan");
            });
    assertThat(reachable).extracting(s -> s.labels().get("host")).containsExactlyElementsOf(hosts);
    assertThat(r.samples())
        .filteredOn(s -> s.name().equals("ping_rtt_ms"))
        .hasSize(1000)
        .allSatisfy(s -> assertThat(s.value()).isPositive().isLessThan(100.0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dgram", "raw", "exec"})
  void everyMethodReachesBothLoopbackAddresses(String method) throws Exception {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("targets", List.of("127.0.0.1", "::1"));
    options.put("count", 2);
    options.put("interval", "200ms");
    options.put("method", method);
    Problems problems = new Problems("test.yaml");
    Probe probe =
        new PingPlugin()
            .configure(Section.of("c", options, problems), new TaskInfo("lo", "lo"))
            .open();
    assertThat(problems.errors()).isEmpty();
    List<String> lines = new ArrayList<>();
    ProbeResult r =
        probe.run(
            new ProbeContext(
                Labels.of("device_id", "lo", "task_id", "lo", "plugin", "ping"),
                Duration.ofSeconds(10),
                Clock.systemUTC(),
                lines::add));
    assertThat(r.success()).as("%s %s", r.error(), lines).isTrue();
    assertThat(lines.get(0)).endsWith("via " + PingReport.describe(method));
    assertThat(r.samples())
        .filteredOn(s -> s.name().equals("ping_packets_received"))
        .extracting(s -> s.labels().get("host") + "=" + s.value())
        .containsExactly("127.0.0.1=2.0", "::1=2.0");
    assertThat(r.samples())
        .filteredOn(s -> s.name().equals("ping_reply_ttl"))
        .allSatisfy(s -> assertThat(s.value()).isPositive());
  }
}
