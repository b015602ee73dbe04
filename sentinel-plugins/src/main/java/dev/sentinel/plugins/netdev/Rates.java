package dev.sentinel.plugins.netdev;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-second rates of counters between two runs of one task, for backends that cannot compute
 * {@code rate()} (a Pushgateway keeps only the last value). The first sight of a series gives no
 * rate; a counter that went down (reset: interface re-created, host rebooted) gives none for that
 * run either, rather than a guess. Series not seen in a run are forgotten.
 */
final class Rates {
  private record Last(long raw, long nanos) {}

  private Map<String, Last> last = new HashMap<>();

  /**
   * The rate of each counter in {@code readings} since the previous call; records the new values.
   */
  List<Rate> update(List<Reading> readings, long nowNanos) {
    Map<String, Last> next = new HashMap<>(readings.size() * 2);
    List<Rate> rates = new ArrayList<>();
    for (Reading r : readings) {
      if (!r.counter()) {
        continue;
      }
      String key = r.key();
      next.put(key, new Last(r.raw(), nowNanos));
      Last prev = last.get(key);
      if (prev == null
          || nowNanos <= prev.nanos()
          || Long.compareUnsigned(r.raw(), prev.raw()) < 0) {
        continue;
      }
      double delta = Reading.unsigned(r.raw() - prev.raw());
      rates.add(new Rate(r, delta / ((nowNanos - prev.nanos()) / 1e9)));
    }
    last = next;
    return rates;
  }

  /** The rate of {@code counter}, named {@code <name without _total>_per_second}. */
  record Rate(Reading counter, double perSecond) {
    String name() {
      String n = counter.name();
      return (n.endsWith("_total") ? n.substring(0, n.length() - 6) : n) + "_per_second";
    }
  }
}
