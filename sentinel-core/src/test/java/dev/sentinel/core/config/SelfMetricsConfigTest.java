package dev.sentinel.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.options.ConfigException;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.plugin.PluginRegistry;
import dev.sentinel.core.testing.FakeDestinationProvider;
import dev.sentinel.core.testing.FakePlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code self_metrics}: the listener and the web config file it may take TLS and users from. */
class SelfMetricsConfigTest {
  private static final String TASK =
      "sender: {direct: {file: {enabled: true}}}\n"
          + "tasks: [{id: t, plugin: fake, interval: 1m, config: {target: x}}]\n";

  private final ConfigLoader loader =
      new ConfigLoader(
          PluginRegistry.of(new FakePlugin()),
          DestinationRegistry.of(new FakeDestinationProvider("file")),
          Map.of("DIR", "/etc/sentinel"),
          "Sentinel/test");

  @Test
  void theWebConfigFileIsCarriedAsWrittenAndIsOffByDefault(@TempDir Path dir) throws Exception {
    assertThat(loader.parse("c.yaml", TASK).webConfigFile()).isEmpty();
    Path web = Files.writeString(dir.resolve("web.yml"), "basic_auth_users: {}\n");
    SentinelConfig c =
        loader.parse("c.yaml", TASK + "self_metrics:\n  web_config_file: " + web + "\n");
    assertThat(c.webConfigFile()).isEqualTo(web.toString());
    assertThat(c.selfMetricsListen()).isEqualTo("127.0.0.1:9465");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void aWebConfigFileThatCannotBeReadIsAnErrorAtItsLine(@TempDir Path dir) {
    Path missing = dir.resolve("web.yml");
    assertThatThrownBy(
            () ->
                loader.parse(
                    "c.yaml",
                    TASK
                        + "self_metrics:\n  listen: 127.0.0.1:9465\n  web_config_file: "
                        + missing
                        + "\n"))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems())
        .asList()
        .containsExactly(
            "c.yaml:5: self_metrics.web_config_file: cannot read " + missing + ": No such file");
  }

  @Test
  void aWebConfigFileWithoutAListenerIsWarnedAbout(@TempDir Path dir) throws Exception {
    Path web = Files.writeString(dir.resolve("web.yml"), "");
    SentinelConfig c =
        loader.parse(
            "c.yaml", TASK + "self_metrics:\n  listen: \"\"\n  web_config_file: " + web + "\n");
    assertThat(c.warnings())
        .containsExactly(
            "c.yaml:5: self_metrics.web_config_file: is not used while listen is empty (the"
                + " listener is off)");
  }

  @Test
  void filesInFormatsOfTheirOwnAreReadWithoutSubstitution() {
    Problems problems = new Problems("web.yml");
    ConfigNode root =
        new YamlReader("web.yml", problems).read("alice: $2y$10$abc\npath: ${DIR}/x\n");
    assertThat(problems.errors()).isEmpty();
    assertThat(root.asMap().get("alice").asString()).isEqualTo("$2y$10$abc");
    assertThat(root.asMap().get("path").asString()).isEqualTo("${DIR}/x");
  }
}
