package dev.sentinel.plugins.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds tcp probes from option maps and reads their results. */
final class Probes {
  static final Labels BASE = Labels.of("device_id", "dev-1", "task", "t1");
  static final TaskInfo TASK = new TaskInfo("t1", "dev-1");

  private Probes() {}

  static TcpProbe create(Map<String, ?> options) {
    return create(new TcpPlugin(), options);
  }

  static TcpProbe create(TcpPlugin plugin, Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    Section section = Section.of("tasks[0].config", options, problems);
    ProbeSpec spec = plugin.configure(section, TASK);
    section.finish();
    assertThat(problems.errors()).as("config errors").isEmpty();
    return (TcpProbe) spec.open();
  }

  static ProbeContext context(List<String> lines, Duration timeout) {
    return new ProbeContext(BASE, timeout, Clock.systemUTC(), lines::add);
  }

  static Optional<Sample> sample(ProbeResult r, String name) {
    return r.samples().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  static double value(ProbeResult r, String name) {
    return sample(r, name)
        .orElseThrow(() -> new AssertionError("no " + name + " in " + r.samples()))
        .value();
  }

  /** The reason label of tcp_failure_info, or "" when there is none. */
  static String reason(ProbeResult r) {
    return sample(r, TcpProbe.FAILURE_INFO).map(s -> s.labels().get("reason")).orElse("");
  }
}
