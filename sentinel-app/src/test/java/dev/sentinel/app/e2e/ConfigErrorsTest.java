package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.app.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken configs, checked with every real plugin and destination on the class path: each gives exit
 * 2 and exactly the expected {@code file:line: key.path: message}, and no stack trace.
 */
class ConfigErrorsTest {
  private static final String TASK =
      "tasks:\n  - id: p\n    plugin: ping\n    interval: 10s\n    config: {host: 127.0.0.1}\n";

  /** A scrape task whose config holds {@code config} (lines indented by six). */
  private static String scrape(String config) {
    return "tasks:\n"
        + "  - id: s\n"
        + "    plugin: scrape\n"
        + "    interval: 10s\n"
        + "    config:\n"
        + "      "
        + config
        + "\n";
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of(
            "unknown key",
            "sender:\n  flush_intervall: 10s\n" + TASK,
            ":2: sender.flush_intervall: unknown key (did you mean flush_interval?)"),
        Arguments.of(
            "bad duration",
            "tasks:\n"
                + "  - id: p\n"
                + "    plugin: ping\n"
                + "    interval: 10 seconds\n"
                + "    config: {host: h}\n",
            ":4: tasks[0].interval: invalid duration \"10 seconds\" (use ms, s, m, h, d, e.g. 30s,"
                + " 1m30s, 500ms)"),
        Arguments.of(
            "missing plugin",
            "tasks:\n  - id: p\n    interval: 10s\n",
            ":2: tasks[0].plugin: is required"),
        Arguments.of(
            "scrape: target not host:port",
            scrape("targets: [\"http://127.0.0.1:9100/metrics\"]"),
            ":6: tasks[0].config.targets[0]: \"http://127.0.0.1:9100/metrics\" is not host:port"
                + " (the scheme, path and parameters are options of their own: scheme, path,"
                + " params)"),
        Arguments.of(
            "scrape: negative sample_limit",
            scrape("targets: [\"127.0.0.1:9100\"]\n      sample_limit: -1"),
            ":7: tasks[0].config.sample_limit: -1 is out of range (0 to 2147483647)"),
        Arguments.of(
            "scrape: relabel replace without target_label",
            scrape(
                "targets: [\"127.0.0.1:9100\"]\n"
                    + "      metric_relabel:\n"
                    + "        - source_labels: [a]\n"
                    + "          action: replace"),
            ":8: tasks[0].config.metric_relabel[0]"),
        Arguments.of(
            "scrape: relabel bad regex",
            scrape(
                "targets: [\"127.0.0.1:9100\"]\n"
                    + "      metric_relabel:\n"
                    + "        - source_labels: [a]\n"
                    + "          regex: \"(unclosed\"\n"
                    + "          action: drop"),
            ":9: tasks[0].config.metric_relabel[0].regex: "),
        Arguments.of(
            "scrape: file_sd pattern with a glob in a directory",
            scrape("file_sd: {files: [\"/etc/*/targets.json\"]}"),
            ":6: tasks[0].config.file_sd.files[0]: "),
        Arguments.of(
            "duplicate task id",
            TASK + "  - id: p\n    plugin: ping\n    interval: 10s\n    config: {host: h}\n",
            ":6: tasks[1].id: duplicate task id \"p\" (first used on line 2)"),
        Arguments.of(
            "unknown plugin type",
            "tasks:\n  - id: p\n    plugin: snmp\n    interval: 10s\n",
            ":3: tasks[0].plugin: unknown plugin \"snmp\"; known: dns, http, netdev, pcap, ping,"
                + " scrape, tcp"),
        Arguments.of(
            "bad URL",
            "sender:\n"
                + "  direct:\n"
                + "    victoria_metrics:\n"
                + "      enabled: true\n"
                + "      url: \"localhost:8428/api/v1/write\"\n"
                + TASK,
            ":5: sender.direct.victoria_metrics.url: "),
        Arguments.of(
            "unset variable",
            "sentinel:\n  name: ${SENTINEL_TEST_SURELY_UNSET}\n" + TASK,
            ":2: sentinel.name: environment variable SENTINEL_TEST_SURELY_UNSET is not set (set it,"
                + " or write ${SENTINEL_TEST_SURELY_UNSET:-default})"),
        Arguments.of(
            "YAML syntax error",
            "sender:\n  flush_interval: 10s\n   batch_size: 5\n",
            ":3: YAML syntax error: "),
        Arguments.of(
            "plugin option",
            "tasks:\n"
                + "  - id: p\n"
                + "    plugin: ping\n"
                + "    interval: 10s\n"
                + "    config:\n"
                + "      host: 127.0.0.1\n"
                + "      cuont: 3\n",
            ":7: tasks[0].config.cuont: unknown key (did you mean count?)"),
        Arguments.of(
            "netdev regex",
            "tasks:\n"
                + "  - id: n\n"
                + "    plugin: netdev\n"
                + "    interval: 10s\n"
                + "    config:\n"
                + "      interfaces_exclude: \"veth(\"\n",
            ":6: tasks[0].config.interfaces_exclude: \"veth(\" is not a valid regular expression"
                + " (Unclosed group)"),
        Arguments.of(
            "pcap filter",
            "tasks:\n"
                + "  - id: c\n"
                + "    plugin: pcap\n"
                + "    interval: 10s\n"
                + "    config:\n"
                + "      interface: lo\n"
                + "      bpf_filter: \"tcp portt 80\"\n",
            ":7: tasks[0].config.bpf_filter: \"tcp portt 80\" is not a valid capture filter (can't"
                + " parse filter expression: syntax error)"),
        Arguments.of(
            "pcap window",
            "tasks:\n  - id: c\n    plugin: pcap\n    interval: 10s\n    config: {interface: lo,\n"
                + "      window: 10s}\n",
            ":6: tasks[0].config.window: must be at least 1s shorter than the task's timeout (10s),"
                + " to open and close the capture: shorten it, raise the task's timeout, or leave"
                + " window out for continuous capture"),
        Arguments.of(
            "sender mode core",
            "sender:\n  mode: core\n" + TASK,
            ":2: sender.mode: \"core\" is not supported"),
        // Duplicate keys: the last one used to win silently.
        Arguments.of(
            "second tasks block",
            TASK + "sender:\n  flush_interval: 10s\n" + TASK,
            ":8: tasks: duplicate key (first on line 1)"),
        Arguments.of(
            "duplicate file under sender.direct",
            "sender:\n  direct:\n    file:\n      enabled: true\n"
                + "      path: /tmp/a.jsonl\n    file: {path: /tmp/b.jsonl}\n"
                + TASK,
            ":6: sender.direct.file: duplicate key (first on line 3)"),
        // Nothing to run: the daemon would start and do nothing.
        Arguments.of(
            "empty config",
            "",
            ": nothing to run: no task is configured (list at least one under tasks:)"),
        Arguments.of(
            "comment-only config",
            "# sentinel config\n# tasks come later\n",
            ": nothing to run: no task is configured (list at least one under tasks:)"),
        Arguments.of(
            "no tasks",
            "sender:\n  flush_interval: 10s\ntasks: []\n",
            ": nothing to run: no task is configured (list at least one under tasks:)"),
        Arguments.of(
            "every task disabled",
            TASK + "    enabled: false\n",
            ": nothing to run: every task has enabled: false (enable at least one)"),
        // The Pushgateway replaces job and instance with its grouping key.
        Arguments.of(
            "pushgateway and sentinel.labels.job",
            "sentinel:\n"
                + "  labels:\n"
                + "    env: prod\n"
                + "    job: probes\n"
                + "sender:\n"
                + "  direct:\n"
                + "    pushgateway: {enabled: true, url: \"http://127.0.0.1:9091\"}\n"
                + TASK,
            ":4: sentinel.labels.job: is set by the Pushgateway from its grouping key and cannot be"
                + " a sentinel label"),
        // Remote write to an endpoint that is not remote write.
        Arguments.of(
            "VictoriaMetrics import URL",
            "sender:\n  direct:\n    victoria_metrics:\n      enabled: true\n"
                + "      url: \"http://127.0.0.1:8428/api/v1/import\"\n"
                + TASK,
            ":5: sender.direct.victoria_metrics.url: is VictoriaMetrics' JSON-lines import"
                + " endpoint, not remote write: use http://127.0.0.1:8428/api/v1/write"),
        Arguments.of(
            "Prometheus federate URL",
            "sender:\n  direct:\n    prometheus:\n      enabled: true\n"
                + "      url: \"http://127.0.0.1:9090/federate\"\n"
                + TASK,
            ":5: sender.direct.prometheus.url: is Prometheus' federation endpoint (for scraping),"
                + " not remote write: use http://127.0.0.1:9090/api/v1/write"),
        // Out of range: one format for whole numbers, durations and sizes; no saturation.
        Arguments.of(
            "interval of a million days",
            "tasks:\n  - id: p\n    plugin: ping\n    interval: 1000000d\n"
                + "    config: {host: 127.0.0.1}\n",
            ":4: tasks[0].interval: 1000000d is out of range (1s to 1d)"),
        Arguments.of(
            "huge max_batch_bytes",
            "sender:\n  max_batch_bytes: 99999999999999999999GiB\n" + TASK,
            ":2: sender.max_batch_bytes: 99999999999999999999GiB is out of range (1KiB to 256MiB)"),
        Arguments.of(
            "8EiB max_batch_bytes",
            "sender:\n  max_batch_bytes: 8EiB\n" + TASK,
            ":2: sender.max_batch_bytes: 8EiB is out of range (1KiB to 256MiB)"),
        Arguments.of(
            "huge worker_pool_size",
            "collector:\n  worker_pool_size: 99999999999999999999\n" + TASK,
            ":2: collector.worker_pool_size: 99999999999999999999 is out of range (1 to 1000)"),
        Arguments.of(
            "plugin timeout",
            "tasks:\n  - id: p\n    plugin: ping\n    interval: 10s\n    config:\n"
                + "      host: 127.0.0.1\n      timeout: 5m\n",
            ":7: tasks[0].config.timeout: 5m is out of range (1ms to 1m)"),
        Arguments.of(
            "logging max_size",
            "logging:\n  max_size: 0\n" + TASK,
            ":2: logging.max_size: 0 is out of range (1MB to 1TB)"),
        Arguments.of(
            "logging max_backups",
            "logging:\n  max_backups: 50\n" + TASK,
            ":2: logging.max_backups: 50 is out of range (0 to 20)"),
        Arguments.of(
            "logging max_age",
            "logging:\n  max_age: 100000\n" + TASK,
            ":2: logging.max_age: 100000 is out of range (1h to 3650d)"),
        // A plugin's own deadlines must end inside the task's timeout, or a down target goes
        // unreported.
        Arguments.of(
            "ping echoes longer than the task",
            "tasks:\n"
                + "  - id: p\n"
                + "    plugin: ping\n"
                + "    interval: 10s\n"
                + "    config:\n"
                + "      host: 127.0.0.1\n"
                + "      count: 10\n"
                + "      interval: 1s\n"
                + "      timeout: 2s\n",
            ":8: tasks[0].config.interval: the echoes do not fit in the task's timeout 10s: (count"
                + " - 1) × interval + timeout = 9 × 1s + 2s = 11s, but a run must end by 9500ms"
                + " (500ms is kept to report its result); lower count, interval or timeout, or"
                + " raise the task's timeout"),
        Arguments.of(
            "tcp timeout as long as the task's",
            "tasks:\n  - id: t\n    plugin: tcp\n    interval: 5s\n"
                + "    config: {host: 127.0.0.1, port: 25,\n      timeout: 5s}\n",
            ":6: tasks[0].config.timeout: 5s does not fit in the task's timeout 5s: a run must end"
                + " by 4500ms (500ms is kept to report its result); lower it, or raise the task's"
                + " timeout"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenConfigExitsTwoWithTheExpectedLine(
      String name, String yaml, String expected, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(new PrintWriter(out), new PrintWriter(err), "check", "-c", file.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines()).anySatisfy(l -> assertThat(l).startsWith(file + expected));
    if (!expected.contains("nothing to run")) { // a task with a problem is still a task to run
      assertThat(err.toString()).doesNotContain("nothing to run");
    }
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out.toString()).isEmpty();
  }
}
