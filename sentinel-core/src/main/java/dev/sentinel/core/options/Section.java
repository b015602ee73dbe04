package dev.sentinel.core.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one YAML mapping with typed accessors. Every bad value is recorded in {@link Problems} with
 * its line and key path (and a usable default is returned), so one pass finds every problem. {@link
 * #finish()} reports the keys nobody asked for, with a "did you mean" for near misses. Core uses it
 * for its own sections; plugins and destinations use it for their options.
 */
public final class Section {
  private final String path;
  private final ConfigNode node;
  private final Map<String, ConfigNode> entries;
  private final Problems problems;
  private final Set<String> known = new HashSet<>();

  public Section(String path, ConfigNode node, Problems problems) {
    this.path = path;
    this.node = node;
    this.problems = problems;
    if (node == null || node.isNull()) {
      this.entries = Map.of();
    } else if (node.isMap()) {
      this.entries = node.asMap();
    } else {
      problems.error(node.line(), path, "must be a mapping of keys to values");
      this.entries = Map.of();
    }
  }

  /** Options built in code (e.g. from CLI flags); problems name the keys without file or line. */
  public static Section of(String path, Map<String, ?> values, Problems problems) {
    return new Section(path, ConfigNode.fromJava(values), problems);
  }

  /** A digest of this section's whole value ({@link ConfigNode#digest}); empty when absent. */
  public String digest() {
    return node == null ? "" : node.digest();
  }

  public String path() {
    return path;
  }

  public Problems problems() {
    return problems;
  }

  public String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * The line of {@code key} (a dotted path reaches into nested mappings, e.g. {@code labels.site}),
   * or of the nearest enclosing node that exists.
   */
  public int line(String key) {
    int line = node == null ? 0 : node.line();
    ConfigNode n = entries.containsKey(key) ? entries.get(key) : null;
    if (n != null) {
      return n.line();
    }
    Map<String, ConfigNode> level = entries;
    for (String part : key.split("\\.")) {
      ConfigNode child = level.get(part);
      if (child == null) {
        break;
      }
      line = child.line();
      if (!child.isMap()) {
        break;
      }
      level = child.asMap();
    }
    return line;
  }

  public boolean has(String key) {
    known.add(key);
    ConfigNode n = entries.get(key);
    return n != null && !n.isNull();
  }

  public void error(String key, String message) {
    problems.error(line(key), keyPath(key), message);
  }

  public void warn(String key, String message) {
    problems.warn(line(key), keyPath(key), message);
  }

  /** Marks a key as understood without reading it. */
  public void accept(String... keys) {
    known.addAll(List.of(keys));
  }

  private Optional<String> scalar(String key) {
    known.add(key);
    ConfigNode n = entries.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isScalar()) {
      error(key, "must be a single value, not a " + (n.isMap() ? "mapping" : "list"));
      return Optional.empty();
    }
    return Optional.of(n.asString());
  }

  public Optional<String> string(String key) {
    return scalar(key);
  }

  public String string(String key, String fallback) {
    return scalar(key).orElse(fallback);
  }

  public String requiredString(String key) {
    Optional<String> v = scalar(key);
    if (v.isEmpty() || v.get().isBlank()) {
      error(key, "is required");
      return "";
    }
    return v.get();
  }

  private <T> T parsed(String key, T fallback, Function<String, T> parser) {
    Optional<String> v = scalar(key);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return parser.apply(v.get().trim());
    } catch (IllegalArgumentException e) {
      error(key, e.getMessage());
      return fallback;
    }
  }

  /** A whole number from {@code min} to {@code max}. */
  public int integer(String key, int fallback, int min, int max) {
    return ranged(key, fallback, Section::parseInt, new Range<>(min, max, String::valueOf));
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      if (s.matches("[-+]?\\d+")) {
        throw new OutOfRange(s);
      }
      throw new IllegalArgumentException("\"" + s + "\" is not a whole number");
    }
  }

  public boolean bool(String key, boolean fallback) {
    return parsed(
        key,
        fallback,
        s -> {
          return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("\"" + s + "\" is not true or false");
          };
        });
  }

  /** A duration ({@code 500ms}, {@code 1m30s}, {@code 1d}) from {@code min} to {@code max}. */
  public Duration duration(String key, Duration fallback, Duration min, Duration max) {
    return ranged(key, fallback, Durations::parse, new Range<>(min, max, Durations::format));
  }

  /** A duration from {@code min} to {@code max}, or empty when absent or wrong (reported). */
  public Optional<Duration> optionalDuration(String key, Duration min, Duration max) {
    return Optional.ofNullable(duration(key, null, min, max));
  }

  /** A regular expression ({@link java.util.regex.Pattern} syntax), or empty when absent. */
  public Optional<Pattern> regex(String key) {
    return Optional.ofNullable(parsed(key, null, Section::compileRegex));
  }

  /**
   * Compiles {@code regex}; a bad one is an IllegalArgumentException whose message names the flaw.
   */
  public static Pattern compileRegex(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "\"" + regex + "\" is not a valid regular expression (" + e.getDescription() + ")");
    }
  }

  /**
   * Records a problem at {@code key} when this user could not create or append to the file {@code
   * path}.
   */
  public void writableFile(String key, String path) {
    Writable.file(path).ifPresent(why -> error(key, why));
  }

  /**
   * Records a problem at {@code key} when this user could not create or write in the directory
   * {@code path}.
   */
  public void writableDirectory(String key, String path) {
    Writable.directory(path).ifPresent(why -> error(key, why));
  }

  /** A byte size ({@code 512MB}, {@code 4MiB}, bare bytes) from {@code min} to {@code max}. */
  public long size(String key, long fallback, long min, long max) {
    return ranged(key, fallback, Sizes::parse, new Range<>(min, max, Sizes::format));
  }

  /**
   * The value of {@code key} read by {@code parser}, within {@code range}. A value outside it, or
   * too large for its type ({@link OutOfRange}), is reported in one format for every kind of
   * number: {@code <value as written> is out of range (<min> to <max>)}.
   */
  public <T extends Comparable<? super T>> T ranged(
      String key, T fallback, Function<String, T> parser, Range<T> range) {
    return parsed(
        key,
        fallback,
        text -> {
          try {
            T value = parser.apply(text);
            if (range.contains(value)) {
              return value;
            }
          } catch (OutOfRange e) {
            // reported like any other value outside the range
          }
          throw new IllegalArgumentException(text + " is out of range (" + range + ")");
        });
  }

  /** One of {@code allowed}, case-insensitive; returns the lower-case form. */
  public String choice(String key, String fallback, Collection<String> allowed) {
    return parsed(
        key,
        fallback,
        s -> {
          String lower = s.toLowerCase(Locale.ROOT);
          if (!allowed.contains(lower)) {
            throw new IllegalArgumentException(
                "\"" + s + "\" is not one of " + String.join(", ", allowed));
          }
          return lower;
        });
  }

  /** A mapping of string keys to scalar values (headers, labels). */
  public Map<String, String> stringMap(String key) {
    known.add(key);
    ConfigNode n = entries.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isMap()) {
      error(key, "must be a mapping of names to values");
      return out;
    }
    n.asMap()
        .forEach(
            (k, v) -> {
              if (!v.isScalar() || v.isNull()) {
                problems.error(v.line(), keyPath(key) + "." + k, "must be a single value");
              } else {
                out.put(k, v.asString());
              }
            });
    return out;
  }

  /** A list of scalars. */
  public List<String> stringList(String key) {
    List<String> out = new ArrayList<>();
    for (Item item : items(key)) {
      if (!item.node().isScalar() || item.node().isNull()) {
        problems.error(item.node().line(), item.path(), "must be a single value");
      } else {
        out.add(item.node().asString());
      }
    }
    return out;
  }

  /** A nested mapping; an empty section when absent. */
  public Section section(String key) {
    known.add(key);
    return new Section(keyPath(key), entries.get(key), problems);
  }

  /** An element of a list, with its path ({@code tasks[2]}). */
  public record Item(String path, ConfigNode node) {}

  /** The elements of a list, each with its path, whatever their kind (scalars or mappings). */
  public List<Item> items(String key) {
    known.add(key);
    ConfigNode n = entries.get(key);
    List<Item> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isList()) {
      error(key, "must be a list");
      return out;
    }
    List<ConfigNode> list = n.asList();
    for (int i = 0; i < list.size(); i++) {
      out.add(new Item(keyPath(key) + "[" + i + "]", list.get(i)));
    }
    return out;
  }

  /** A list of mappings. */
  public List<Section> sections(String key) {
    List<Section> out = new ArrayList<>();
    for (Item item : items(key)) {
      out.add(new Section(item.path(), item.node(), problems));
    }
    return out;
  }

  /** The raw node of {@code key}, or null when absent (for checks beyond the typed accessors). */
  public ConfigNode node(String key) {
    return entries.get(key);
  }

  /** Keys present in the file, in file order. */
  public Set<String> keys() {
    return entries.keySet();
  }

  /** Reports every key nobody asked for, as an error with a "did you mean" for near misses. */
  public void finish() {
    for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
      if (!known.contains(e.getKey())) {
        String hint =
            Spelling.closest(e.getKey(), known)
                .map(k -> " (did you mean " + k + "?)")
                .orElse(knownList());
        problems.error(e.getValue().line(), keyPath(e.getKey()), "unknown key" + hint);
      }
    }
  }

  private String knownList() {
    if (known.isEmpty()) {
      return " (no keys are allowed here)";
    }
    return " (known keys: " + String.join(", ", new TreeSet<>(known)) + ")";
  }
}
