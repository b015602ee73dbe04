package dev.sentinel.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Problems;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
  private final Problems problems = new Problems("c.yaml");

  private ConfigNode read(String yaml) {
    return new YamlReader("c.yaml", Map.of(), problems).read(yaml);
  }

  @Test
  void duplicateKeysAreRefusedAtEveryDepthWithBothLines() {
    read(
        """
        tasks:
          - id: a
            config:
              host: x
              host: y
          - {id: b, id: c}
        sender:
          direct:
            file: {enabled: true}
            vm: {url: "u"}
            file: {enabled: false}
        tasks: []
        """);
    assertThat(problems.errors())
        .containsExactly(
            "c.yaml:5: tasks[0].config.host: duplicate key (first on line 4)",
            "c.yaml:6: tasks[1].id: duplicate key (first on line 6)",
            "c.yaml:11: sender.direct.file: duplicate key (first on line 9)",
            "c.yaml:12: tasks: duplicate key (first on line 1)");
  }

  @Test
  void theFirstValueIsKeptAndSameNamesInDifferentMappingsAreFine() {
    ConfigNode root = read("a: {x: 1}\nb: {x: 2}\na: {x: 3}\n");
    assertThat(root.asMap().get("a").asMap().get("x").asString()).isEqualTo("1");
    assertThat(problems.errors()).containsExactly("c.yaml:3: a: duplicate key (first on line 1)");
  }
}
