package dev.sentinel.core.config;

import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Problems;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses YAML with snakeyaml's safe loader into a {@link ConfigNode} tree that keeps line numbers,
 * substituting {@code ${VAR}} in scalar values (the config file), or leaving them as written (files
 * in formats of their own, such as the web listener's {@code web_config_file}).
 */
public final class YamlReader {
  private final String source;
  private final EnvSubstitution env; // null: values as written
  private final Problems problems;

  YamlReader(String source, Map<String, String> env, Problems problems) {
    this.source = source;
    this.env = new EnvSubstitution(env);
    this.problems = problems;
  }

  /** A reader that takes values as written: no {@code ${VAR}} substitution. */
  public YamlReader(String source, Problems problems) {
    this.source = source;
    this.env = null;
    this.problems = problems;
  }

  /** The document's root node, or null after recording a syntax problem. */
  public ConfigNode read(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(8 * 1024 * 1024);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    Node root;
    try {
      root = yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
      String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
      problems.error(line, "", "YAML syntax error: " + problem + context);
      return null;
    } catch (YAMLException e) {
      problems.error(0, "", "YAML error: " + firstLine(e.getMessage()));
      return null;
    }
    if (root == null) {
      return ConfigNode.map(Map.of(), 1);
    }
    return convert(root, "");
  }

  private static String firstLine(String s) {
    return s == null ? "unknown" : s.lines().findFirst().orElse(s);
  }

  private ConfigNode convert(Node node, String path) {
    int line = node.getStartMark().getLine() + 1;
    if (node instanceof MappingNode m) {
      Map<String, ConfigNode> entries = new LinkedHashMap<>();
      Map<String, Integer> keyLines = new HashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          problems.error(line, path, "keys must be plain names");
          continue;
        }
        String key = k.getValue();
        String childPath = path.isEmpty() ? key : path + "." + key;
        int keyLine = k.getStartMark().getLine() + 1;
        ConfigNode value = convert(t.getValueNode(), childPath);
        // snakeyaml refuses duplicates only when it constructs objects; composed nodes keep them
        // all.
        Integer first = keyLines.putIfAbsent(key, keyLine);
        if (first != null) {
          problems.error(keyLine, childPath, "duplicate key (first on line " + first + ")");
        } else {
          entries.put(key, value);
        }
      }
      return ConfigNode.map(entries, line);
    }
    if (node instanceof SequenceNode s) {
      List<ConfigNode> items = new ArrayList<>();
      int i = 0;
      for (Node child : s.getValue()) {
        items.add(convert(child, path + "[" + i++ + "]"));
      }
      return ConfigNode.list(items, line);
    }
    ScalarNode scalar = (ScalarNode) node;
    if (scalar.getTag().equals(Tag.NULL)) {
      return ConfigNode.scalar(null, line);
    }
    if (env == null) {
      return ConfigNode.scalar(scalar.getValue(), line);
    }
    try {
      return ConfigNode.scalar(env.apply(scalar.getValue()), line);
    } catch (IllegalArgumentException e) {
      problems.error(line, path, e.getMessage());
      return ConfigNode.scalar(null, line);
    }
  }

  String source() {
    return source;
  }
}
