package dev.sentinel.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The shipped alerting rules ({@code alerts/sentinel.rules.yml}) load in Prometheus' promtool and
 * in vmalert (the Debian packages {@code bin/test} installs), and pass their promtool unit tests
 * ({@code alerts/tests/*.yml}), which show every alert both firing and not firing.
 */
class AlertRulesTest {
  /** The repository root: the module's tests run in {@code sentinel-app}. */
  private static final Path HOME =
      Path.of(System.getProperty("sentinel.home", "..")).toAbsolutePath().normalize();

  private static final Path RULES = Path.of("alerts", "sentinel.rules.yml");
  private static final Path TESTS = Path.of("alerts", "tests");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Path VMALERT = Path.of("/usr/bin/vmalert");

  @TempDir Path tmp;

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    Run r = run(PROMTOOL.toString(), "check", "rules", RULES.toString());
    assertThat(r.code()).as(r.output()).isZero();
  }

  @Test
  void vmalertAcceptsTheRulesAndTheirTemplates() throws Exception {
    Run r = run(VMALERT.toString(), "-dryRun", "-rule=" + RULES);
    assertThat(r.code()).as(r.output()).isZero();
  }

  @Test
  void everyUnitTestPasses() throws Exception {
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString(), "test", "rules"));
    testFiles().forEach(f -> command.add(HOME.relativize(f).toString()));
    Run r = run(command.toArray(String[]::new));
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).doesNotContain("FAILED");
  }

  @Test
  void everyAlertIsTestedFiringAndNotFiring() throws IOException {
    Set<String> firing = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (Path file : testFiles()) {
      for (Map<String, Object> group : list(load(file).get("tests"))) {
        for (Map<String, Object> test : list(group.get("alert_rule_test"))) {
          String name = (String) test.get("alertname");
          Object expected = test.get("exp_alerts");
          boolean fires = expected instanceof List<?> l && !l.isEmpty();
          (fires ? firing : silent).add(name);
        }
      }
    }
    Set<String> alerts = new TreeSet<>();
    for (Map<String, Object> group : list(load(HOME.resolve(RULES)).get("groups"))) {
      for (Map<String, Object> rule : list(group.get("rules"))) {
        if (rule.get("alert") instanceof String name) {
          alerts.add(name);
        }
      }
    }
    assertThat(alerts).as("alerts in %s", RULES).isNotEmpty();
    assertThat(firing).as("alerts with a firing test case").containsAll(alerts);
    assertThat(silent).as("alerts with a not-firing test case").containsAll(alerts);
  }

  @Test
  void everyAlertHasSeverityForAndRunbook() throws IOException {
    for (Map<String, Object> group : list(load(HOME.resolve(RULES)).get("groups"))) {
      for (Map<String, Object> rule : list(group.get("rules"))) {
        String name = (String) rule.get("alert");
        assertThat(rule).as(name).containsKey("for");
        assertThat(map(rule.get("labels")).get("severity")).as(name).isIn("warning", "critical");
        Map<String, Object> annotations = map(rule.get("annotations"));
        assertThat(annotations).as(name).containsKeys("summary", "description");
        assertThat(annotations.get("runbook_url"))
            .as(name)
            .isEqualTo("file:///usr/share/doc/sentinel/docs/alerts.md#" + name.toLowerCase());
      }
    }
  }

  @Test
  void everyRunbookAnchorIsAHeadingInTheDocs() throws IOException {
    String docs = Files.readString(HOME.resolve("docs/alerts.md"));
    for (Map<String, Object> group : list(load(HOME.resolve(RULES)).get("groups"))) {
      for (Map<String, Object> rule : list(group.get("rules"))) {
        assertThat(docs).contains("\n### " + rule.get("alert") + "\n");
      }
    }
  }

  private static List<Path> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(HOME.resolve(TESTS))) {
      List<Path> yml = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
      assertThat(yml).as("test files in %s", TESTS).isNotEmpty();
      return yml;
    }
  }

  private static Map<String, Object> load(Path file) throws IOException {
    return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }

  private record Run(int code, String output) {}

  /** Runs a tool in the repository root; a missing tool fails the test (it is never skipped). */
  private Run run(String... command) throws IOException, InterruptedException {
    assertThat(Path.of(command[0]))
        .as(
            "%s is missing: bin/test installs it (Debian packages prometheus, victoria-metrics)",
            command[0])
        .isExecutable();
    Path out = tmp.resolve("out.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(HOME.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
