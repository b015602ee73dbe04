package dev.sentinel.plugins.scrape;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A hash table from a series' 64-bit text hash to its state, open addressing with linear probing:
 * no boxing and no entry objects beyond the values, because a target may have many thousands of
 * series and the lookup runs for every sample. The hash is the whole key: two different series
 * texts with the same 64-bit hash would share a state (for 100,000 series the odds are about one in
 * 3.7 billion).
 */
final class SeriesTable<V> {
  private long[] keys = new long[64];
  private Object[] values = new Object[64];
  private int size;

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        return (V) v;
      }
    }
  }

  /** Adds {@code key} (absent) with {@code value}. */
  void put(long key, V value) {
    if ((size + 1) * 4 > keys.length * 3) {
      resize(keys.length * 2);
    }
    insert(keys, values, key, value);
    size++;
  }

  @SuppressWarnings("unchecked")
  void forEach(Consumer<V> action) {
    for (Object v : values) {
      if (v != null) {
        action.accept((V) v);
      }
    }
  }

  /** Keeps only the values {@code keep} accepts (and shrinks when far fewer remain). */
  @SuppressWarnings("unchecked")
  void retain(Predicate<V> keep) {
    int kept = 0;
    for (Object v : values) {
      if (v != null && keep.test((V) v)) {
        kept++;
      }
    }
    if (kept == size) {
      return;
    }
    int capacity = 64;
    while (kept * 4 > capacity * 3 / 2) {
      capacity *= 2;
    }
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[capacity];
    values = new Object[capacity];
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null && keep.test((V) oldValues[i])) {
        insert(keys, values, oldKeys[i], oldValues[i]);
      }
    }
    size = kept;
  }

  void clear() {
    keys = new long[64];
    values = new Object[64];
    size = 0;
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[capacity];
    values = new Object[capacity];
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        insert(keys, values, oldKeys[i], oldValues[i]);
      }
    }
  }

  private static void insert(long[] keys, Object[] values, long key, Object value) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (values[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
  }

  private static int mix(long key) {
    return (int) (key ^ (key >>> 32));
  }
}
