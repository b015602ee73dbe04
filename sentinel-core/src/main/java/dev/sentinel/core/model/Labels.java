package dev.sentinel.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable label set: names sorted and unique, names valid, values non-empty. Validated once,
 * where it is made, so no invalid label set can ever reach a destination.
 */
public final class Labels {
  public static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;
  private int hash;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** Builds from alternating name/value arguments. */
  public static Labels of(String... nameValues) {
    if (nameValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs");
    }
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      put(map, nameValues[i], nameValues[i + 1]);
    }
    return fromSorted(map);
  }

  public static Labels of(Map<String, String> labels) {
    TreeMap<String, String> map = new TreeMap<>();
    labels.forEach((n, v) -> put(map, n, v));
    return fromSorted(map);
  }

  /**
   * Whether {@code name} is a valid label name (`[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__`).
   */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.startsWith("__")) {
      return false;
    }
    // A loop, not a regex: this runs for every label of every sample.
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void put(TreeMap<String, String> map, String name, String value) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid label name \"" + name + "\"");
    }
    Objects.requireNonNull(value, () -> "label " + name + " has no value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("label " + name + " has an empty value");
    }
    if (map.put(name, value) != null) {
      throw new IllegalArgumentException("duplicate label name \"" + name + "\"");
    }
  }

  private static Labels fromSorted(TreeMap<String, String> map) {
    if (map.isEmpty()) {
      return EMPTY;
    }
    return new Labels(map.keySet().toArray(new String[0]), map.values().toArray(new String[0]));
  }

  /**
   * The union of this set and {@code other}; a name present in both is an error, so one label can
   * never silently override another.
   */
  public Labels merge(Labels other) {
    if (other.size() == 0) {
      return this;
    }
    if (size() == 0) {
      return other;
    }
    // Both are sorted: merge them in one pass.
    int n = names.length + other.names.length;
    String[] mergedNames = new String[n];
    String[] mergedValues = new String[n];
    int i = 0;
    int j = 0;
    for (int k = 0; k < n; k++) {
      int cmp =
          i == names.length ? 1 : j == other.names.length ? -1 : names[i].compareTo(other.names[j]);
      if (cmp == 0) {
        throw new IllegalArgumentException("duplicate label name \"" + names[i] + "\"");
      }
      if (cmp < 0) {
        mergedNames[k] = names[i];
        mergedValues[k] = values[i++];
      } else {
        mergedNames[k] = other.names[j];
        mergedValues[k] = other.values[j++];
      }
    }
    return new Labels(mergedNames, mergedValues);
  }

  /** This set with {@code name} set to {@code value} (added, or replacing the current value). */
  public Labels with(String name, String value) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid label name \"" + name + "\"");
    }
    Objects.requireNonNull(value, () -> "label " + name + " has no value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("label " + name + " has an empty value");
    }
    // Sorted arrays: replace in place, or insert where the name sorts (this runs per target).
    int at = Arrays.binarySearch(names, name);
    if (at >= 0) {
      String[] newValues = values.clone();
      newValues[at] = value;
      return new Labels(names, newValues);
    }
    int insert = -at - 1;
    String[] newNames = new String[names.length + 1];
    String[] newValues = new String[names.length + 1];
    System.arraycopy(names, 0, newNames, 0, insert);
    System.arraycopy(values, 0, newValues, 0, insert);
    newNames[insert] = name;
    newValues[insert] = value;
    System.arraycopy(names, insert, newNames, insert + 1, names.length - insert);
    System.arraycopy(values, insert, newValues, insert + 1, names.length - insert);
    return new Labels(newNames, newValues);
  }

  /**
   * Shares one label-name array among the label sets that have the same names (the many series of a
   * scrape), so each set holds only its values. Not thread-safe: one per user.
   */
  public static final class NamePool {
    private final java.util.HashMap<List<String>, String[]> pool = new java.util.HashMap<>();

    /** {@code labels}, holding the pool's array of its names. */
    public Labels share(Labels labels) {
      String[] shared = pool.computeIfAbsent(Arrays.asList(labels.names), k -> labels.names);
      return shared == labels.names ? labels : new Labels(shared, labels.values);
    }

    public int size() {
      return pool.size();
    }

    public void clear() {
      pool.clear();
    }
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public String value(int i) {
    return values[i];
  }

  public String get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  public Map<String, String> asMap() {
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], values[i]);
    }
    return Collections.unmodifiableSortedMap(map);
  }

  public List<String> names() {
    List<String> list = new ArrayList<>(names.length);
    Collections.addAll(list, names);
    return Collections.unmodifiableList(list);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof Labels l
            && Arrays.equals(names, l.names)
            && Arrays.equals(values, l.values);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return sb.append('}').toString();
  }
}
