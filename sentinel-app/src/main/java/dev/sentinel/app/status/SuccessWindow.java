package dev.sentinel.app.status;

/**
 * A task's runs and successes over the last hour (per minute) and the last day (per five minutes):
 * 348 slots, under 3 KiB a task.
 */
final class SuccessWindow {
  private final Ring hour = new Ring(60, 60_000);
  private final Ring day = new Ring(288, 300_000);

  void record(long timeMs, boolean ok) {
    hour.add(timeMs, ok);
    day.add(timeMs, ok);
  }

  /** The success ratio over the last hour, or NaN without a run. */
  double lastHour(long nowMs) {
    return hour.ratio(nowMs);
  }

  double lastDay(long nowMs) {
    return day.ratio(nowMs);
  }

  private static final class Ring {
    private final long[] slot;
    private final int[] runs;
    private final int[] oks;
    private final long widthMs;

    Ring(int slots, long widthMs) {
      slot = new long[slots];
      runs = new int[slots];
      oks = new int[slots];
      this.widthMs = widthMs;
      java.util.Arrays.fill(slot, Long.MIN_VALUE);
    }

    void add(long timeMs, boolean ok) {
      long s = Math.floorDiv(timeMs, widthMs);
      int i = (int) Math.floorMod(s, (long) slot.length);
      if (slot[i] != s) {
        slot[i] = s;
        runs[i] = 0;
        oks[i] = 0;
      }
      runs[i]++;
      oks[i] += ok ? 1 : 0;
    }

    double ratio(long nowMs) {
      long now = Math.floorDiv(nowMs, widthMs);
      long total = 0;
      long ok = 0;
      for (int i = 0; i < slot.length; i++) {
        if (slot[i] > now - slot.length && slot[i] <= now) {
          total += runs[i];
          ok += oks[i];
        }
      }
      return total == 0 ? Double.NaN : (double) ok / total;
    }
  }
}
