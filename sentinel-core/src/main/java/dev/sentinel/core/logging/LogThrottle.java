package dev.sentinel.core.logging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Lets a repeated log line through at most once per period per key, and says how many were
 * suppressed in between, so a failing destination or task cannot flood the log.
 */
public final class LogThrottle {
  private final long periodNanos;
  private final LongSupplier nanoTime;
  private final Map<String, long[]> state = new ConcurrentHashMap<>();

  public LogThrottle(Duration period) {
    this(period, System::nanoTime);
  }

  LogThrottle(Duration period, LongSupplier nanoTime) {
    this.periodNanos = period.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Returns -1 if the line for {@code key} should be suppressed now, else the number suppressed
   * since the last line that went through.
   */
  public long admit(String key) {
    long now = nanoTime.getAsLong();
    long[] s = state.computeIfAbsent(key, k -> new long[] {now - periodNanos, 0});
    synchronized (s) {
      if (now - s[0] >= periodNanos) {
        long suppressed = s[1];
        s[0] = now;
        s[1] = 0;
        return suppressed;
      }
      s[1]++;
      return -1;
    }
  }
}
