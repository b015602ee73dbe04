package dev.sentinel.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.options.ConfigException;
import dev.sentinel.core.plugin.PluginRegistry;
import dev.sentinel.core.testing.FakeDestinationProvider;
import dev.sentinel.core.testing.FakePlugin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader =
      new ConfigLoader(
          PluginRegistry.of(new FakePlugin()),
          DestinationRegistry.of(
              new FakeDestinationProvider("vm"),
              new FakeDestinationProvider("file"),
              new FakeDestinationProvider("pushgateway")),
          Map.of("TARGET", "t1"),
          "Sentinel/test");

  /** One runnable task: a config without one is refused. */
  private static final String TASK =
      "tasks: [{id: t, plugin: fake, interval: 1m, config: {target: x}}]\n";

  private static final String GOOD =
      """
      sentinel:
        name: edge-01
        region: office
        labels: {env: prod}
      sender:
        flush_interval: 5s
        direct:
          vm: {enabled: true, url: "http://x"}
      tasks:
        - id: a
          plugin: fake
          interval: 90s
          labels: {site: hq}
          config: {target: "${TARGET}"}
        - id: b
          device_id: dev-b
          plugin: fake
          cron: "0 */5 * * * ?"
          enabled: false
          config: {target: x}
      """;

  @Test
  void loadsAGoodConfigWithDefaults() {
    SentinelConfig c = loader.parse("c.yaml", GOOD);
    assertThat(c.identity().asLabels().asMap())
        .containsEntry("sentinel", "edge-01")
        .containsEntry("region", "office")
        .containsEntry("env", "prod");
    assertThat(c.workerPoolSize()).as("sized from the one enabled task").isEqualTo(1);
    assertThat(c.buffer().size()).isEqualTo(10000);
    assertThat(c.sender().flushInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.sender().destinations()).extracting(d -> d.name()).containsExactly("vm");
    TaskConfig a = c.tasks().get(0);
    assertThat(a.deviceId()).isEqualTo("a");
    assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(a.taskLabels().asMap()).containsEntry("site", "hq").containsEntry("plugin", "fake");
    assertThat(c.tasks().get(1).cron()).isEqualTo("0 */5 * * * ?");
    assertThat(c.enabledTasks()).hasSize(1);
    assertThat(c.selfMetricsListen()).isEqualTo("127.0.0.1:9465");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void timeoutDefaultsToTheIntervalWhenShorter() {
    SentinelConfig c =
        loader.parse("c.yaml", "tasks: [{id: a, plugin: fake, interval: 5s, config: {target: x}}]");
    assertThat(c.tasks().get(0).timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void noDestinationFallsBackToFileWithAWarning() {
    SentinelConfig c = loader.parse("c.yaml", TASK);
    assertThat(c.sender().destinations()).extracting(d -> d.name()).containsExactly("file");
    assertThat(c.warnings()).anyMatch(w -> w.contains("no destination is enabled"));
  }

  private List<String> problems(String yaml) {
    try {
      loader.parse("bad.yaml", yaml);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems");
  }

  @Test
  void reportsEveryProblemWithLineAndPath() {
    List<String> p =
        problems(
            """
            sentinel:
              nmae: x
            collector:
              worker_pool_size: 0
            sender:
              mode: core
              flush_interval: 10
            tasks:
              - id: a
                plugin: fake
                interval: 5x
                config: {target: x, mdoe: up}
              - id: a
                plugin: fkae
                interval: 1m
              - plugin: fake
                interval: 1m
                labels: {device_id: y, "bad-name": z}
                config: {target: x}
            """);
    assertThat(p)
        .contains(
            "bad.yaml:2: sentinel.nmae: unknown key (did you mean name?)",
            "bad.yaml:4: collector.worker_pool_size: 0 is out of range (1 to 1000)",
            "bad.yaml:7: sender.flush_interval: \"10\" has no unit (write e.g. 10s or 10ms)",
            "bad.yaml:11: tasks[0].interval: invalid duration \"5x\" (use ms, s, m, h, d, e.g. 30s,"
                + " 1m30s, 500ms)",
            "bad.yaml:12: tasks[0].config.mdoe: unknown key (did you mean mode?)",
            "bad.yaml:14: tasks[1].plugin: unknown plugin \"fkae\" (did you mean fake?); known:"
                + " fake",
            "bad.yaml:16: tasks[2].id: is required",
            "bad.yaml:18: tasks[2].labels.device_id: would override a label Sentinel sets"
                + " (device_id)");
    assertThat(p).anyMatch(s -> s.startsWith("bad.yaml:6: sender.mode: \"core\" is not supported"));
    assertThat(p)
        .anyMatch(s -> s.startsWith("bad.yaml:18: tasks[2].labels.bad-name: invalid label name"));
  }

  @Test
  void duplicateTaskIdNamesTheFirstLine() {
    assertThat(
            problems(
                "tasks:\n"
                    + "  - {id: a, plugin: fake, interval: 1m, config: {target: x}}\n"
                    + "  - {id: a, plugin: fake, interval: 1m, config: {target: x}}\n"))
        .containsExactly("bad.yaml:3: tasks[1].id: duplicate task id \"a\" (first used on line 2)");
  }

  @Test
  void unsetVariableAndSyntaxErrors() {
    assertThat(problems("sentinel:\n  name: ${NOT_SET_VAR}\n"))
        .containsExactly(
            "bad.yaml:2: sentinel.name: environment variable NOT_SET_VAR is not set (set it, or"
                + " write ${NOT_SET_VAR:-default})");
    assertThat(problems("sentinel:\n  name: [unclosed\n"))
        .singleElement()
        .asString()
        .startsWith("bad.yaml:3: YAML syntax error:");
  }

  @Test
  void unsupportedSectionsWarnAndClickhouseEnabledIsAnError() {
    SentinelConfig c =
        loader.parse(
            "c.yaml",
            "core: {url: x}\nheartbeat: {interval: 30s}\nplugins: {directory: p}\n" + TASK);
    assertThat(c.warnings()).hasSize(4); // three sections + the file fallback
    assertThat(problems("sender:\n  direct:\n    clickhouse:\n      enabled: true\n" + TASK))
        .singleElement()
        .asString()
        .contains("ClickHouse is not supported");
  }

  @Test
  void identityLabelCannotBeOverridden() {
    assertThat(problems("sentinel:\n  labels: {region: x}\n" + TASK))
        .containsExactly(
            "bad.yaml:2: sentinel.labels.region: is set by Sentinel itself and cannot be"
                + " overridden");
    assertThat(
            loader
                .parse("b.yaml", "buffer: {type: disk, max_disk_size: 2GiB, max_age: 2d}\n" + TASK)
                .buffer())
        .isEqualTo(new BufferConfig("disk", 10000, "./data/buffer", 2L << 30, Duration.ofDays(2)));
    assertThat(
            loader.parse("b.yaml", "buffer: {max_disk_size: 0}\n" + TASK).buffer().maxDiskBytes())
        .isZero();
    assertThat(problems("buffer: {type: disk, max_disk_size: 10KB}\n" + TASK))
        .containsExactly(
            "bad.yaml:1: buffer.max_disk_size: 10KB is out of range (1MiB to 1TiB, or 0 for no"
                + " limit)");
    assertThat(problems("buffer: {max_disk_size: lots}\n" + TASK))
        .containsExactly(
            "bad.yaml:1: buffer.max_disk_size: invalid size \"lots\" (e.g. 512MB, 4MiB, 1GiB)");
  }

  @Test
  void aConfigWithoutAnEnabledTaskHasNothingToRun() {
    String none =
        "bad.yaml: nothing to run: no task is configured (list at least one under tasks:)";
    assertThat(problems("")).containsExactly(none);
    assertThat(problems("# only a comment\n")).containsExactly(none);
    assertThat(problems("tasks: []\n")).containsExactly(none);
    assertThat(problems("tasks:\n")).containsExactly(none);
    assertThat(problems("sender: {flush_interval: 5s}\n")).containsExactly(none);
    assertThat(problems(GOOD.replace("interval: 90s", "interval: 90s\n    enabled: false")))
        .containsExactly(
            "bad.yaml: nothing to run: every task has enabled: false (enable at least one)");
  }

  @Test
  void nothingToRunIsNotAddedToOtherTaskProblems() {
    assertThat(problems("tasks: [{id: a, plugin: nope, interval: 1m}]\n"))
        .containsExactly("bad.yaml:1: tasks[0].plugin: unknown plugin \"nope\"; known: fake");
    assertThat(problems("tasks: {id: a, plugin: fake}\n"))
        .containsExactly("bad.yaml:1: tasks: must be a list");
  }

  @Test
  void duplicateKeysAreRefusedWithBothLines() {
    assertThat(problems(TASK + "sender:\n  flush_interval: 5s\n" + TASK))
        .containsExactly("bad.yaml:4: tasks: duplicate key (first on line 1)");
  }

  @Test
  void pushgatewayRefusesIdentityLabelsItWouldReplace() {
    String pushgateway =
        "sender: {direct: {pushgateway: {enabled: true, url: \"http://pg:9091\"}}}\n";
    assertThat(
            problems(
                "sentinel:\n  labels:\n    env: prod\n    job: probes\n    instance: x\n"
                    + pushgateway
                    + TASK))
        .containsExactly(
            "bad.yaml:4: sentinel.labels.job: is set by the Pushgateway from its grouping key and"
                + " cannot be a sentinel label",
            "bad.yaml:5: sentinel.labels.instance: is set by the Pushgateway from its grouping key"
                + " and cannot be a sentinel label");
    SentinelConfig withoutPushgateway =
        loader.parse("c.yaml", "sentinel: {labels: {job: probes}}\n" + TASK);
    assertThat(withoutPushgateway.identity().labels().get("job")).isEqualTo("probes");
  }

  @Test
  void everyKindOfNumberOutOfRangeIsReportedInOneFormat() {
    assertThat(
            problems(
                """
                collector: {worker_pool_size: 99999999999999999999}
                sender: {max_batch_bytes: 99999999999999999999GiB, timeout: 99999999999999999999h, flush_interval: 2h}
                tasks:
                  - {id: a, plugin: fake, interval: 1000000d, timeout: 0s, config: {target: x}}
                logging: {max_size: 0, max_backups: 21, max_age: 30m}
                """))
        .containsExactly(
            "bad.yaml:1: collector.worker_pool_size: 99999999999999999999 is out of range (1 to"
                + " 1000)",
            "bad.yaml:2: sender.flush_interval: 2h is out of range (100ms to 1h)",
            "bad.yaml:2: sender.timeout: 99999999999999999999h is out of range (100ms to 10m)",
            "bad.yaml:2: sender.max_batch_bytes: 99999999999999999999GiB is out of range (1KiB to"
                + " 256MiB)",
            "bad.yaml:4: tasks[0].interval: 1000000d is out of range (1s to 1d)",
            "bad.yaml:4: tasks[0].timeout: 0s is out of range (10ms to 1h)",
            "bad.yaml:5: logging.max_size: 0 is out of range (1MB to 1TB)",
            "bad.yaml:5: logging.max_backups: 21 is out of range (0 to 20)",
            "bad.yaml:5: logging.max_age: 30m is out of range (1h to 3650d)");
  }

  @Test
  void loggingKeepsTheGoSentinelsBareNumbersAndTakesUnits() {
    LoggingConfig bare =
        loader.parse("c.yaml", "logging: {max_size: 100, max_age: 30}\n" + TASK).logging();
    assertThat(bare.maxSizeBytes()).isEqualTo(100L << 20);
    assertThat(bare.maxAge()).isEqualTo(Duration.ofDays(30));
    LoggingConfig units =
        loader
            .parse("c.yaml", "logging: {max_size: 50MB, max_backups: 3, max_age: 12h}\n" + TASK)
            .logging();
    assertThat(units.maxSizeBytes()).isEqualTo(50_000_000L);
    assertThat(units.maxBackups()).isEqualTo(3);
    assertThat(units.maxAge()).isEqualTo(Duration.ofHours(12));
    SentinelConfig zero = loader.parse("c.yaml", "logging: {max_backups: 0}\n" + TASK);
    assertThat(zero.logging().maxBackups()).isEqualTo(20);
    assertThat(zero.warnings())
        .contains(
            "c.yaml:1: logging.max_backups: 0 (keep every rotated file) cannot be honoured: logback"
                + " keeps at most 20 rotated files, so 20 are kept");
  }
}
