package dev.sentinel.plugins.ping;

import java.util.Arrays;
import java.util.List;

/**
 * Round-trip statistics of one target's run, Smokeping-style. Built only from at least one RTT, so
 * no value is ever NaN.
 *
 * @param mdev population standard deviation, as iputils' {@code mdev}
 * @param jitter mean absolute difference of consecutive RTTs (in sequence order); 0 with one RTT
 */
public record RttStats(
    double min,
    double avg,
    double max,
    double mdev,
    double median,
    double jitter,
    double[] sorted) {

  /** Statistics of {@code rttsMs} (in sequence order); {@code rttsMs} must not be empty. */
  public static RttStats of(List<Double> rttsMs) {
    if (rttsMs.isEmpty()) {
      throw new IllegalArgumentException("no round-trip times");
    }
    double[] v = new double[rttsMs.size()]; // a loop: it runs for every target of every run
    for (int i = 0; i < v.length; i++) {
      v[i] = rttsMs.get(i);
    }
    double sum = 0;
    double sumSq = 0;
    double jitterSum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += v[i];
      sumSq += v[i] * v[i];
      if (i > 0) {
        jitterSum += Math.abs(v[i] - v[i - 1]);
      }
    }
    double avg = sum / v.length;
    double mdev = Math.sqrt(Math.max(0, sumSq / v.length - avg * avg));
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    double jitter = v.length > 1 ? jitterSum / (v.length - 1) : 0;
    return new RttStats(
        sorted[0], avg, sorted[sorted.length - 1], mdev, percentile(sorted, 50), jitter, sorted);
  }

  /**
   * The {@code p}-th percentile (0–100) by linear interpolation between closest ranks (Hyndman and
   * Fan's R7, as numpy and Telegraf's ping use).
   */
  public double percentile(double p) {
    return percentile(sorted, p);
  }

  private static double percentile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p / 100.0;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RttStats s && Arrays.equals(sorted, s.sorted);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sorted);
  }

  @Override
  public String toString() {
    return "RttStats[min="
        + min
        + ", avg="
        + avg
        + ", max="
        + max
        + ", mdev="
        + mdev
        + ", median="
        + median
        + ", jitter="
        + jitter
        + "]";
  }
}
