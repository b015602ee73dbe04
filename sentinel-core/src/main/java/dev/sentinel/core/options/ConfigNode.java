package dev.sentinel.core.options;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /**
   * A digest of the value, the same for equal values whatever their lines or key order: tells a
   * reload what changed. A digest rather than the text, since values may hold secrets.
   */
  public String digest() {
    StringBuilder sb = new StringBuilder();
    canonical(sb);
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void canonical(StringBuilder sb) {
    if (isMap()) {
      sb.append('{');
      new TreeMap<>(asMap())
          .forEach(
              (k, v) -> {
                sb.append(k.length()).append(':').append(k);
                v.canonical(sb);
              });
      sb.append('}');
    } else if (isList()) {
      sb.append('[');
      asList().forEach(v -> v.canonical(sb));
      sb.append(']');
    } else if (value == null) {
      sb.append('~');
    } else {
      sb.append('"').append(asString().length()).append(':').append(asString());
    }
  }
}
