package dev.sentinel.plugins.netdev;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The fixture trees under {@code src/test/resources/netdev/} and helpers to run the probe on them.
 */
final class Fixtures {
  static final Labels BASE = Labels.of("device_id", "host1", "task_id", "net", "plugin", "netdev");

  private Fixtures() {}

  /** {@code netdev/<name>}, holding {@code proc/net/…} and possibly {@code sys/class/net/…}. */
  static Path tree(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/netdev/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static NetdevProbe probe(Map<String, ?> options, LongSupplier nanos) {
    Problems problems = new Problems("test.yaml");
    Section section = Section.of("tasks[0].config", options, problems);
    NetdevOptions parsed = NetdevOptions.parse(section);
    section.finish();
    if (problems.hasErrors()) {
      throw new IllegalArgumentException(problems.errors().toString());
    }
    return new NetdevProbe(parsed, nanos);
  }

  static ProbeResult run(NetdevProbe probe, List<String> lines) throws InterruptedException {
    return probe.run(
        new ProbeContext(
            BASE,
            Duration.ofSeconds(5),
            Clock.systemUTC(),
            lines == null ? ProbeContext.Listener.NONE : lines::add));
  }

  /** The value of the one sample named {@code name} with these extra labels, if there is one. */
  static Optional<Double> value(ProbeResult r, String name, String... labels) {
    Labels want = BASE.merge(Labels.of(labels));
    List<Sample> found =
        r.samples().stream().filter(s -> s.name().equals(name) && s.labels().equals(want)).toList();
    if (found.size() > 1) {
      throw new AssertionError("more than one " + name + want + ": " + found);
    }
    return found.stream().map(Sample::value).findFirst();
  }

  static Sample sample(ProbeResult r, String name, String... labels) {
    Labels want = BASE.merge(Labels.of(labels));
    return r.samples().stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(want))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + want + " in " + r.samples()));
  }
}
