package dev.sentinel.app.status;

import dev.sentinel.core.plugin.StatusView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each metric the view reads goes in a target's value array: the view's key values, its band
 * (low, middle, high, loss), its success metric and device_status. A metric the view does not name
 * is read into the last slot, which stays NaN.
 */
final class StatusSlots {
  private final Map<String, Integer> index = new HashMap<>();
  final int[] value;
  final int low;
  final int middle;
  final int high;
  final int loss;
  final int success;
  final int deviceStatus;
  private final int none;

  StatusSlots(StatusView view) {
    value = new int[view.values().size()];
    for (int i = 0; i < value.length; i++) {
      value[i] = add(view.values().get(i).metric());
    }
    int lowAt = add(view.low());
    int middleAt = add(view.middle());
    int highAt = add(view.high());
    int lossAt = add(view.loss());
    int successAt = add(view.success());
    deviceStatus = add("device_status");
    none = index.size();
    low = lowAt < 0 ? none : lowAt;
    middle = middleAt < 0 ? none : middleAt;
    high = highAt < 0 ? none : highAt;
    loss = lossAt < 0 ? none : lossAt;
    success = successAt < 0 ? none : successAt;
  }

  /** The slot of {@code metric} (added when new), or -1 for none. */
  private int add(String metric) {
    if (metric == null) {
      return -1;
    }
    Integer at = index.get(metric);
    if (at == null) {
      at = index.size();
      index.put(metric, at);
    }
    return at;
  }

  /** The slot of {@code metric}, or -1 when the view does not read it. */
  int of(String metric) {
    Integer i = index.get(metric);
    return i == null ? -1 : i;
  }

  /** A target's values before the run's samples: all NaN (one more slot for unnamed ones). */
  double[] empty() {
    double[] v = new double[none + 1];
    Arrays.fill(v, Double.NaN);
    return v;
  }
}
