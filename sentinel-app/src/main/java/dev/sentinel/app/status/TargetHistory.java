package dev.sentinel.app.status;

import java.util.Arrays;

/**
 * One target's recent history, in a ring of {@link #POINTS} points of {@code resolutionSeconds}
 * each (runs within one point are folded together): lowest of the lows, highest of the highs, mean
 * of the middles, mean loss and success ratio. About 32 bytes a point, so 11.5 KiB a target
 * whatever the task's interval; {@link StatusBoard} keeps it for at most {@link
 * StatusBoard#MAX_HISTORIES} targets.
 */
final class TargetHistory {
  static final int POINTS = 360;

  private final int resolutionSeconds;
  private final long[] bucket = new long[POINTS];
  private final float[] low = new float[POINTS];
  private final float[] high = new float[POINTS];
  private final float[] middleSum = new float[POINTS];
  private final float[] lossSum = new float[POINTS];
  private final float[] okSum = new float[POINTS];
  private final short[] runs = new short[POINTS];
  private final short[] middles = new short[POINTS];
  private final short[] losses = new short[POINTS];
  private int last = -1; // slot of the newest point

  TargetHistory(int resolutionSeconds) {
    this.resolutionSeconds = resolutionSeconds;
    Arrays.fill(bucket, Long.MIN_VALUE);
  }

  int resolutionSeconds() {
    return resolutionSeconds;
  }

  /** Adds one run at {@code timeMs}; NaN for a value the run did not have. */
  void add(long timeMs, double lowValue, double middle, double highValue, double loss, boolean ok) {
    long b = Math.floorDiv(timeMs, resolutionSeconds * 1000L);
    if (last < 0 || bucket[last] != b) {
      if (last >= 0 && b < bucket[last]) {
        return; // older than the newest point: the clock stepped back
      }
      last = (last + 1) % POINTS;
      bucket[last] = b;
      low[last] = Float.NaN;
      high[last] = Float.NaN;
      middleSum[last] = 0;
      lossSum[last] = 0;
      okSum[last] = 0;
      runs[last] = 0;
      middles[last] = 0;
      losses[last] = 0;
    }
    int i = last;
    if (!Double.isNaN(lowValue)) {
      low[i] = Float.isNaN(low[i]) ? (float) lowValue : Math.min(low[i], (float) lowValue);
    }
    if (!Double.isNaN(highValue)) {
      high[i] = Float.isNaN(high[i]) ? (float) highValue : Math.max(high[i], (float) highValue);
    }
    if (!Double.isNaN(middle) && middles[i] < Short.MAX_VALUE) {
      middleSum[i] += (float) middle;
      middles[i]++;
    }
    if (!Double.isNaN(loss) && losses[i] < Short.MAX_VALUE) {
      lossSum[i] += (float) loss;
      losses[i]++;
    }
    if (runs[i] < Short.MAX_VALUE) {
      okSum[i] += ok ? 1 : 0;
      runs[i]++;
    }
  }

  /** The points held, oldest first. */
  Points points() {
    int n = 0;
    for (long b : bucket) {
      if (b != Long.MIN_VALUE) {
        n++;
      }
    }
    Points p = new Points(n);
    for (int k = 0; k < n; k++) {
      int i = Math.floorMod(last - n + 1 + k, POINTS);
      p.time[k] = bucket[i] * resolutionSeconds;
      p.low[k] = low[i];
      p.high[k] = high[i];
      p.middle[k] = middles[i] == 0 ? Double.NaN : middleSum[i] / middles[i];
      p.loss[k] = losses[i] == 0 ? Double.NaN : lossSum[i] / losses[i];
      p.success[k] = runs[i] == 0 ? Double.NaN : okSum[i] / runs[i];
    }
    return p;
  }

  /** Columns of points (NaN: no value). */
  static final class Points {
    final long[] time;
    final double[] low;
    final double[] middle;
    final double[] high;
    final double[] loss;
    final double[] success;

    Points(int n) {
      time = new long[n];
      low = new double[n];
      middle = new double[n];
      high = new double[n];
      loss = new double[n];
      success = new double[n];
    }

    int size() {
      return time.length;
    }
  }
}
