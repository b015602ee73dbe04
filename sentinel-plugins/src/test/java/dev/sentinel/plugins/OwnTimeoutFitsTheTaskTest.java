package dev.sentinel.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.plugins.dns.DnsPlugin;
import dev.sentinel.plugins.http.HttpPlugin;
import dev.sentinel.plugins.tcp.TcpPlugin;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A plugin's own timeout must end inside the task's, or the runner would cut the run off before the
 * plugin reports the failure: a longer one is refused when the config is loaded.
 */
class OwnTimeoutFitsTheTaskTest {
  static Stream<Arguments> plugins() {
    return Stream.of(
        Arguments.of(new TcpPlugin(), Map.of("host", "127.0.0.1", "port", 25)),
        Arguments.of(new DnsPlugin(), Map.of("query_name", "example.org", "server", "127.0.0.1")),
        Arguments.of(new HttpPlugin(), Map.of("url", "http://127.0.0.1/")));
  }

  private static List<String> errors(
      Plugin plugin, Map<String, Object> options, Duration taskTimeout) {
    Problems problems = new Problems("c.yaml");
    Section section = Section.of("tasks[0].config", options, problems);
    plugin.configure(section, new TaskInfo("t", "d", taskTimeout));
    section.finish();
    plugin.close();
    return problems.errors();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void aTimeoutAsLongAsTheTasksIsRefused(Plugin plugin, Map<String, Object> base) {
    Map<String, Object> options = new LinkedHashMap<>(base);
    options.put("timeout", "5s");
    assertThat(errors(plugin, options, Duration.ofSeconds(5)))
        .containsExactly(
            "c.yaml: tasks[0].config.timeout: 5s does not fit in the task's timeout 5s: a run must"
                + " end by 4500ms (500ms is kept to report its result); lower it, or raise the"
                + " task's timeout");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void aTimeoutWithinTheBudgetOrNoneAtAllIsFine(Plugin plugin, Map<String, Object> base) {
    Map<String, Object> options = new LinkedHashMap<>(base);
    assertThat(errors(plugin, options, Duration.ofSeconds(5))).isEmpty();
    options.put("timeout", "4500ms");
    assertThat(errors(plugin, options, Duration.ofSeconds(5))).isEmpty();
  }
}
