package dev.sentinel.plugins.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.RunBudget;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run's echoes always fit the task's timeout: defaults are fitted, impossible settings refused.
 */
class EchoTimingTest {
  private static final String P = "test.yaml: tasks[0].config.";

  private static Map<String, Object> options(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", "127.0.0.1");
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static PingProbe create(
      Duration taskTimeout, Map<String, Object> options, Problems problems) {
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = new PingPlugin().configure(section, new TaskInfo("t", "d", taskTimeout));
    PingProbe probe = problems.hasErrors() ? null : (PingProbe) spec.open();
    section.finish();
    return probe;
  }

  static Stream<Arguments> fitted() {
    return Stream.of(
        // count 10 every 10 s: the reply wait stays 2 s, the echoes are spread over the rest of 9.5
        // s.
        Arguments.of("10s", options("count", 10), "833ms", "2s"),
        // The case: interval 1s, count 2 gave no data at all; now both halves of 900 ms.
        Arguments.of("1s", options("count", 2), "450ms", "450ms"),
        Arguments.of("1s", options("count", 1), "1s", "900ms"),
        // The defaults already fit a long timeout and are kept.
        Arguments.of("30s", options(), "1s", "2s"),
        // What the user set is kept; only the rest is fitted.
        Arguments.of("10s", options("count", 10, "interval", "500ms"), "500ms", "2s"),
        Arguments.of("10s", options("count", 10, "interval", "1s"), "1s", "500ms"),
        Arguments.of("5s", options("count", 4, "interval", "1s"), "1s", "1500ms"),
        Arguments.of("10s", options("count", 10, "timeout", "5s"), "500ms", "5s"),
        Arguments.of("8s", options("count", 3, "interval", "1s"), "1s", "2s"));
  }

  @ParameterizedTest(name = "task timeout {0}, {1}")
  @MethodSource("fitted")
  void leftOutTimingsAreFittedIntoTheRun(
      String taskTimeout, Map<String, Object> options, String interval, String timeout) {
    Problems problems = new Problems("test.yaml");
    PingProbe probe = create(Durations.parse(taskTimeout), options, problems);
    assertThat(problems.errors()).isEmpty();
    EchoSpec spec = probe.options().spec();
    assertThat(spec.interval()).isEqualTo(Durations.parse(interval));
    assertThat(spec.timeout()).isEqualTo(Durations.parse(timeout));
    assertThat(spec.runTime()).isLessThanOrEqualTo(RunBudget.of(Durations.parse(taskTimeout)));
  }

  static Stream<Arguments> refused() {
    String tail =
        " is kept to report its result); lower count, interval or timeout, or raise the task's"
            + " timeout";
    return Stream.of(
        Arguments.of(
            "10s",
            options("count", 10, "interval", "1s", "timeout", "2s"),
            P
                + "interval: the echoes do not fit in the task's timeout 10s: (count - 1) ×"
                + " interval + timeout = 9 × 1s + 2s = 11s, but a run must end by 9500ms (500ms"
                + tail),
        Arguments.of(
            "9s",
            options("count", 10, "interval", "1s"),
            P
                + "interval: the echoes do not fit in the task's timeout 9s: (count - 1) × interval"
                + " + timeout = 9 × 1s + 1ms = 9001ms at the least, but a run must end by 8500ms"
                + " (500ms"
                + tail),
        Arguments.of(
            "1s",
            options("count", 1, "timeout", "1s"),
            P
                + "timeout: the echoes do not fit in the task's timeout 1s: (count - 1) × interval"
                + " + timeout = 0 × 10ms + 1s = 1s at the least, but a run must end by 900ms (100ms"
                + tail),
        Arguments.of(
            "10s",
            options("count", 10000),
            P
                + "count: the echoes do not fit in the task's timeout 10s: (count - 1) × interval +"
                + " timeout = 9999 × 10ms + 1ms = 99991ms at the least, but a run must end by"
                + " 9500ms (500ms"
                + tail));
  }

  @ParameterizedTest(name = "task timeout {0}, {1}")
  @MethodSource("refused")
  void settingsThatCannotFitAreRefusedWithTheArithmetic(
      String taskTimeout, Map<String, Object> options, String expected) {
    Problems problems = new Problems("test.yaml");
    create(Durations.parse(taskTimeout), options, problems);
    assertThat(problems.errors()).isEqualTo(List.of(expected));
  }
}
