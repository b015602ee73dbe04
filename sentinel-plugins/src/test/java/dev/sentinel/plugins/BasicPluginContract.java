package dev.sentinel.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.PluginRegistry;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * What every plugin must do, whatever it measures. Plugins whose runs wait on the network extend
 * {@link PluginContract} (which adds the interruption rules); plugins whose runs take microseconds
 * (reading /proc) extend this. Supply options and targets that never leave the machine.
 */
public abstract class BasicPluginContract {
  protected static final String SOURCE = "test.yaml";
  protected static final String PATH = "tasks[0].config";
  protected static final Labels BASE = Labels.of("device_id", "contract-dev", "task", "contract");
  protected static final TaskInfo TASK = new TaskInfo("contract", "contract-dev");

  /** A plugin paired with options for one scenario. */
  public record Setup(Plugin plugin, Map<String, ?> options) {}

  /** The plugin as registered (public no-argument constructor). */
  protected abstract Plugin plugin();

  /** Options {@link #plugin()} accepts without any problem. */
  protected abstract Map<String, ?> validOptions();

  /** Option sets each of which must give at least one config error. */
  protected abstract List<Map<String, ?>> badOptions();

  /** A target that fails quickly without leaving the machine. */
  protected abstract Setup failingTarget();

  protected static ProbeSpec configure(Plugin plugin, Map<String, ?> options, Problems problems) {
    Section section = Section.of(PATH, options, problems);
    ProbeSpec spec = plugin.configure(section, TASK);
    section.finish();
    return spec;
  }

  /** The probe for {@code options}, as core opens it: only when they had no problem (else null). */
  protected static Probe create(Plugin plugin, Map<String, ?> options, Problems problems) {
    ProbeSpec spec = configure(plugin, options, problems);
    return problems.hasErrors() ? null : spec.open();
  }

  protected static ProbeContext context(List<String> lines) {
    return new ProbeContext(BASE, Duration.ofSeconds(30), Clock.systemUTC(), lines::add);
  }

  @Test
  void isRegisteredThroughServiceLoader() {
    assertThat(plugin().type()).matches("[a-z][a-z0-9_]*");
    assertThat(PluginRegistry.load().find(plugin().type())).get().isInstanceOf(plugin().getClass());
  }

  @Test
  void validOptionsGiveNoProblems() {
    Problems problems = new Problems(SOURCE);
    ProbeSpec spec = configure(plugin(), validOptions(), problems);
    assertThat(problems.errors()).isEmpty();
    assertThat(spec.open()).isNotNull();
    assertThat(spec.labelNames())
        .allMatch(Labels::isValidName)
        .doesNotContainAnyElementsOf(BASE.names());
  }

  @Test
  void unknownKeysAreLeftForCoreToReport() {
    Map<String, Object> options = new HashMap<>(validOptions());
    options.put("no_such_option", "1");
    Problems problems = new Problems(SOURCE);
    create(plugin(), options, problems);
    assertThat(problems.errors())
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith(SOURCE + ": " + PATH + ".no_such_option: unknown key");
  }

  @TestFactory
  Stream<DynamicTest> badOptionsAreConfigErrorsNotExceptions() {
    return badOptions().stream()
        .map(
            options ->
                DynamicTest.dynamicTest(
                    options.toString(),
                    () -> {
                      Problems problems = new Problems(SOURCE);
                      assertThatCode(() -> configure(plugin(), options, problems))
                          .doesNotThrowAnyException();
                      assertThat(problems.errors())
                          .isNotEmpty()
                          .allMatch(e -> e.startsWith(SOURCE + ": " + PATH + "."), "names its key");
                    }));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void failingTargetIsAFailureWithSamples() throws InterruptedException {
    Setup setup = failingTarget();
    Problems problems = new Problems(SOURCE);
    ProbeSpec spec = configure(setup.plugin(), setup.options(), problems);
    assertThat(problems.errors()).isEmpty();
    Probe probe = spec.open();
    List<String> lines = new CopyOnWriteArrayList<>();

    ProbeResult result = probe.run(context(lines));

    assertThat(result.success()).isFalse();
    assertThat(result.error()).isNotBlank();
    assertThat(result.samples()).isNotEmpty();
    for (Sample s : result.samples()) {
      assertThat(s.labels().names()).containsAll(BASE.names());
      Set<String> own = new HashSet<>(s.labels().names());
      own.removeAll(BASE.names());
      assertThat(spec.labelNames()).as("declares every label it adds").containsAll(own);
      assertThat(s.value()).isFinite();
    }
  }
}
