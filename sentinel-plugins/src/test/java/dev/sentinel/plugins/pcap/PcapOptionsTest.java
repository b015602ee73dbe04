package dev.sentinel.plugins.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapOptionsTest {
  private static final TaskInfo TASK = new TaskInfo("t1", "dev-1", Duration.ofSeconds(10));
  private static final String P = "test.yaml: tasks[0].config.";

  static PcapProbe create(Map<String, ?> options, Problems problems) {
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = new PcapPlugin().configure(section, TASK);
    section.finish();
    return problems.hasErrors() ? null : (PcapProbe) spec.open();
  }

  static List<String> errors(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    create(options, problems);
    return problems.errors();
  }

  static Map<String, Object> lo(Object... more) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("interface", "lo");
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(Map.of(), P + "interface: is required"),
        Arguments.of(Map.of("interface", " "), P + "interface: is required"),
        Arguments.of(
            Map.of("interface", "eth 0"),
            P
                + "interface: \"eth 0\" is not an interface name (at most 15"
                + " characters, no spaces or /; list them with: ip -br link, or use any)"),
        Arguments.of(
            Map.of("interface", "a-very-long-name0"),
            P
                + "interface: \"a-very-long-name0\" is not an interface name (at most 15"
                + " characters, no spaces or /; list them with: ip -br link, or use any)"),
        Arguments.of(
            Map.of("interface", List.of("lo")),
            P + "interface: must be a single value, not a list"),
        Arguments.of(
            lo("bpf_filter", "udpp"),
            P
                + "bpf_filter: \"udpp\" is not a valid capture filter (can't parse filter"
                + " expression: syntax error)"),
        Arguments.of(
            lo("bpf_filter", "port 99999"),
            P
                + "bpf_filter: \"port 99999\" is not a valid capture filter (illegal port number"
                + " 99999 > 65535)"),
        Arguments.of(
            Map.of("interface", "any", "bpf_filter", "ether host 02:00:00:00:00:01"),
            P
                + "bpf_filter: \"ether host 02:00:00:00:00:01\" is not a valid capture filter"
                + " (ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM"
                + " LANE/Fibre Channel)"),
        Arguments.of(lo("snaplen", 10), P + "snaplen: 10 is out of range (64 to 262144)"),
        Arguments.of(lo("snaplen", "big"), P + "snaplen: \"big\" is not a whole number"),
        Arguments.of(lo("promiscuous", "maybe"), P + "promiscuous: \"maybe\" is not true or false"),
        Arguments.of(
            lo("buffer_size", "1KiB"), P + "buffer_size: 1KiB is out of range (64KiB to 1GiB)"),
        Arguments.of(
            lo("buffer_size", "2GiB"), P + "buffer_size: 2GiB is out of range (64KiB to 1GiB)"),
        Arguments.of(
            lo("buffer_size", "lots"),
            P + "buffer_size: invalid size \"lots\" (e.g. 512MB, 4MiB, 1GiB)"),
        Arguments.of(lo("window", "0s"), P + "window: 0s is out of range (100ms to 1h)"),
        Arguments.of(lo("window", "50ms"), P + "window: 50ms is out of range (100ms to 1h)"),
        Arguments.of(lo("window", "2h"), P + "window: 2h is out of range (100ms to 1h)"),
        Arguments.of(lo("window", "5"), P + "window: \"5\" has no unit (write e.g. 5s or 5ms)"),
        Arguments.of(
            lo("window", "9500ms"),
            P
                + "window: must be at least 1s shorter than the task's timeout (10s), to open and"
                + " close the capture: shorten it, raise the task's timeout, or leave window out"
                + " for continuous capture"),
        Arguments.of(lo("top_talkers", 101), P + "top_talkers: 101 is out of range (0 to 100)"),
        Arguments.of(lo("top_talkers", -1), P + "top_talkers: -1 is out of range (0 to 100)"),
        Arguments.of(
            lo("topTalkers", 5), P + "topTalkers: unknown key (did you mean top_talkers?)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptions")
  void eachBadOptionIsOneExactError(Map<String, ?> options, String expected) {
    assertThat(errors(options)).containsExactly(expected);
  }

  @Test
  void defaults() {
    Problems problems = new Problems("test.yaml");
    PcapOptions o = create(Map.of("interface", "lo"), problems).options();
    assertThat(problems.errors()).isEmpty();
    assertThat(o).isEqualTo(new PcapOptions("lo", "", 128, false, 8 << 20, null, 0));
    assertThat(o.modeText()).isEqualTo("continuous");
  }

  @Test
  void everyOptionSet() {
    Problems problems = new Problems("test.yaml");
    PcapOptions o =
        create(
                lo(
                    "interface",
                    "any",
                    "bpf_filter",
                    " udp and port 53 ",
                    "snaplen",
                    256,
                    "promiscuous",
                    true,
                    "buffer_size",
                    "32MiB",
                    "window",
                    "9s",
                    "top_talkers",
                    10),
                problems)
            .options();
    assertThat(problems.errors()).isEmpty();
    assertThat(o)
        .isEqualTo(
            new PcapOptions(
                "any", "udp and port 53", 256, true, 32 << 20, Duration.ofSeconds(9), 10));
    assertThat(o.modeText()).isEqualTo("window 9s");
  }

  @Test
  void withoutAKnownTaskTimeoutAnyWindowUpToAnHourIsAccepted() {
    Problems problems = new Problems("test.yaml");
    Section section = Section.of("tasks[0].config", lo("window", "30m"), problems);
    new PcapPlugin().configure(section, new TaskInfo("t", "d"));
    assertThat(problems.errors()).isEmpty();
  }
}
