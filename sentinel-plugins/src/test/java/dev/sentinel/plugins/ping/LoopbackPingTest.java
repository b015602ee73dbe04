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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exec path: the real system ping, to loopback only (127.0.0.1 and ::1). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopbackPingTest {
  private static final Labels BASE = Labels.of("device_id", "dev-1", "task", "loopback");

  private final List<String> lines = new CopyOnWriteArrayList<>();

  private Probe probe(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    Probe probe =
        new PingPlugin(new ExecPingEngine())
            .configure(
                Section.of("tasks[0].config", options, problems), new TaskInfo("loopback", "dev-1"))
            .open();
    assertThat(problems.errors()).isEmpty();
    return probe;
  }

  private ProbeContext context() {
    return new ProbeContext(BASE, Duration.ofSeconds(30), Clock.systemUTC(), lines::add);
  }

  private static Map<String, Double> values(ProbeResult r) {
    return r.samples().stream().collect(Collectors.toMap(Sample::name, Sample::value));
  }

  private void assertHealthy(ProbeResult r, String host) {
    assertThat(r.success()).as("%s: %s", r.error(), lines).isTrue();
    Map<String, Double> v = values(r);
    assertThat(v)
        .containsEntry("ping_packets_sent", 2.0)
        .containsEntry("ping_packets_received", 2.0);
    assertThat(v).containsEntry("ping_packet_loss", 0.0).containsEntry("ping_reachable", 1.0);
    assertThat(v.get("ping_rtt_ms")).isPositive();
    assertThat(v.get("ping_rtt_min_ms")).isPositive().isLessThanOrEqualTo(v.get("ping_rtt_max_ms"));
    for (Sample s : r.samples()) {
      assertThat(s.labels()).isEqualTo(BASE.merge(Labels.of("host", host)));
    }
    assertThat(lines)
        .first()
        .isEqualTo("PING " + host + " (" + host + ") 56 data bytes, via the ping command");
    assertThat(lines)
        .filteredOn(
            l ->
                l.matches(
                    "64 bytes from \\Q" + host + "\\E: icmp_seq=[12] ttl=\\d+ time=[\\d.]+ ms"))
        .hasSize(2);
    assertThat(lines)
        .contains(
            "--- " + host + " ping statistics ---",
            "2 packets transmitted, 2 received, 0% packet loss");
    assertThat(lines)
        .anyMatch(l -> l.matches("rtt min/avg/max/mdev = [\\d.]+/[\\d.]+/[\\d.]+/[\\d.]+ ms"));
    assertThat(lines).last().asString().matches("rtt median [\\d.]+ ms, jitter [\\d.]+ ms");
  }

  @Test
  void ipv4Loopback() throws Exception {
    ProbeResult r =
        probe(Map.of("host", "127.0.0.1", "count", 2, "interval", "200ms")).run(context());
    assertHealthy(r, "127.0.0.1");
  }

  @Test
  void ipv6Loopback() throws Exception {
    // A missing dependency fails the test, never skips it (bin/test runs as root with IPv6
    // loopback).
    assertThat(ipv6LoopbackWorks())
        .as("::1 must answer ping -6 on this machine (IPv6 loopback)")
        .isTrue();
    ProbeResult r = probe(Map.of("host", "::1", "count", 2, "interval", "200ms")).run(context());
    assertHealthy(r, "::1");
  }

  private static boolean ipv6LoopbackWorks() throws Exception {
    return canRun("ping", "-6", "-n", "-c", "1", "-W", "1", "::1");
  }

  /**
   * Real iputils with 100% loss: ping runs in a private network namespace whose loopback ignores
   * echo requests (needs permission to create namespaces: root, as bin/test runs).
   */
  @Test
  void totalLossWithRealPing(@TempDir Path dir) throws Exception {
    assertThat(
            canRun(
                "unshare",
                "-n",
                "sh",
                "-c",
                "ip link set lo up && sysctl -qw net.ipv4.icmp_echo_ignore_all=1"))
        .as("creating a network namespace needs root (bin/test runs as root) and iproute2")
        .isTrue();
    Path wrapper = dir.resolve("lossy-ping");
    Files.writeString(
        wrapper,
        "#!/bin/sh\nexec unshare -n sh -c 'ip link set lo up && sysctl -qw"
            + " net.ipv4.icmp_echo_ignore_all=1 && exec ping \"$@\"' ping \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    Problems problems = new Problems("test.yaml");
    Probe probe =
        new PingPlugin(new ExecPingEngine(wrapper.toString()))
            .configure(
                Section.of(
                    "tasks[0].config",
                    Map.of(
                        "host", "127.0.0.1", "count", 3, "interval", "200ms", "timeout", "500ms"),
                    problems),
                new TaskInfo("loopback", "dev-1"))
            .open();
    assertThat(problems.errors()).isEmpty();

    ProbeResult r = probe.run(context());

    assertThat(r.success()).isFalse();
    assertThat(r.error()).isEqualTo("100% packet loss");
    // exactly count echoes: no -w, which would keep iputils sending until the deadline
    assertThat(values(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ping_packets_sent", 3.0,
                "ping_packets_received", 0.0,
                "ping_packet_loss", 100.0,
                "ping_reachable", 0.0,
                "ping_duplicates", 0.0));
    assertThat(lines)
        .containsExactly(
            "PING 127.0.0.1 (127.0.0.1) 56 data bytes, via the ping command",
            "no reply from 127.0.0.1: icmp_seq=1",
            "no reply from 127.0.0.1: icmp_seq=2",
            "no reply from 127.0.0.1: icmp_seq=3",
            "--- 127.0.0.1 ping statistics ---",
            "3 packets transmitted, 0 received, 100% packet loss");
  }

  private static boolean canRun(String... command) throws Exception {
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return false;
    }
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return false;
    }
    return p.exitValue() == 0;
  }

  @Test
  void interruptKillsPingPromptly() throws Exception {
    Probe probe = probe(Map.of("host", "127.0.0.1", "count", 50, "interval", "200ms"));
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                outcome.set(probe.run(context()));
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
    runner.start();
    Thread.sleep(300);
    assertThat(pingChildren()).as("ping is running").isNotEmpty();
    long t0 = System.nanoTime();
    runner.interrupt();
    runner.join(5_000);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(runner.isAlive()).isFalse();
    // The run returns what ping printed before it was killed: the first replies.
    assertThat(outcome.get()).isInstanceOf(ProbeResult.class);
    assertThat(((ProbeResult) outcome.get()).samples())
        .anySatisfy(
            sample -> {
              assertThat(sample.name()).isEqualTo("ping_packets_received");
              assertThat(sample.value()).isGreaterThanOrEqualTo(1);
            });
    assertThat(took).isLessThan(Duration.ofSeconds(1));
    assertThat(pingChildren()).as("no ping left behind").isEmpty();
    assertThat(lines).anyMatch(l -> l.startsWith("64 bytes from 127.0.0.1: icmp_seq=1 "));
  }

  private static List<ProcessHandle> pingChildren() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            p -> p.info().command().map(c -> c.endsWith("/ping") || c.equals("ping")).orElse(false))
        .toList();
  }
}
