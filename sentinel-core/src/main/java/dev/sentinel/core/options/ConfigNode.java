package dev.sentinel.core.options;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value with the line it came from: a scalar (String, or null for YAML null), a list
 * or a map. Line 0 means "not from a file" (for example options built by the CLI).
 */
public record ConfigNode(Object value, int line) {

  public static ConfigNode scalar(String value, int line) {
    return new ConfigNode(value, line);
  }

  public static ConfigNode list(List<ConfigNode> items, int line) {
    return new ConfigNode(List.copyOf(items), line);
  }

  public static ConfigNode map(Map<String, ConfigNode> entries, int line) {
    return new ConfigNode(Collections.unmodifiableMap(new LinkedHashMap<>(entries)), line);
  }

  /** Builds a node tree from plain Java values (maps, lists, scalars), all at line 0. */
  public static ConfigNode fromJava(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, ConfigNode> entries = new LinkedHashMap<>();
      m.forEach((k, v) -> entries.put(String.valueOf(k), fromJava(v)));
      return map(entries, 0);
    }
    if (value instanceof List<?> l) {
      return list(l.stream().map(ConfigNode::fromJava).toList(), 0);
    }
    return scalar(value == null ? null : String.valueOf(value), 0);
  }

  public boolean isMap() {
    return value instanceof Map;
  }

  public boolean isList() {
    return value instanceof List;
  }

  public boolean isNull() {
    return value == null;
  }

  public boolean isScalar() {
    return value == null || value instanceof String;
  }

  @SuppressWarnings("unchecked")
  public Map<String, ConfigNode> asMap() {
    return (Map<String, ConfigNode>) value;
  }

  @SuppressWarnings("unchecked")
  public List<ConfigNode> asList() {
    return (List<ConfigNode>) value;
  }

  public String asString() {
    return (String) value;
  }
}
