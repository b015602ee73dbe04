package dev.sentinel.core.config;

import dev.sentinel.core.buffer.SampleSize;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.options.Sizes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How many samples the memory buffer holds. It may use {@link #HEAP_SHARE} of the JVM's heap, so
 * that a backend away for long fills the buffer and drops its oldest samples (counted) long before
 * the JVM runs short of memory. Unset, it holds five minutes of what the tasks produce (at least
 * 10,000 samples), as far as that share allows by the buffer's estimate of what it holds. A
 * configured size that cannot fit is refused; one too small to hold a few flush intervals of the
 * tasks' samples gets a warning: it would drop samples while every destination is healthy.
 */
public final class BufferSizing {
  static final double HEAP_SHARE = 0.4;
  static final int MIN_DEFAULT = 10_000;
  static final Duration HOLD = Duration.ofMinutes(5);

  /** The largest {@code size} accepted (and the default's ceiling). */
  static final int MAX_SIZE = 100_000_000;

  /**
   * A buffer smaller than this many flush intervals of samples drops them even when all is well.
   */
  static final int FLUSHES = 3;

  /** A cron task's rate is planned as if it ran every minute. */
  static final Duration CRON = Duration.ofMinutes(1);

  private BufferSizing() {}

  /** The heap bytes the memory buffer may use in a JVM whose maximum heap is {@code heapBytes}. */
  public static long memoryLimit(long heapBytes) {
    return (long) (heapBytes * HEAP_SHARE);
  }

  static int size(
      Integer configured, List<TaskConfig> tasks, Duration flush, long heapBytes, Section buffer) {
    List<TaskConfig> enabled = tasks.stream().filter(TaskConfig::enabled).toList();
    long limit = memoryLimit(heapBytes);
    long fits = Math.max(1, limit / SampleSize.PLANNING);
    double rate = 0;
    int largestRun = 0;
    for (TaskConfig t : enabled) {
      int run = t.spec().samplesPerRun() + 1;
      Duration every = t.interval() != null ? t.interval() : CRON;
      rate += run / (every.toMillis() / 1000.0);
      largestRun = Math.max(largestRun, run);
    }
    long perFlush = (long) Math.ceil(rate * flush.toMillis() / 1000.0 - 1e-6);
    long enough = FLUSHES * perFlush + largestRun;
    if (configured == null) {
      // Five minutes' worth; the heap share is enforced by the buffer itself, by its estimate of
      // the samples it holds (a ping target's samples share one label set and take about a third
      // of the planning figure), so it is not also capped here by the planning figure.
      long wanted = Math.max(MIN_DEFAULT, (long) Math.ceil(rate * HOLD.toSeconds() - 1e-6));
      int size = (int) Math.min(wanted, MAX_SIZE);
      if (fits < enough) {
        buffer.warn(
            "size",
            String.format(
                Locale.ROOT,
                "the memory buffer may hold about %d samples (%s of the %s heap, at %d bytes a"
                    + " sample), less than %d flush intervals of what the tasks produce (about %d"
                    + " samples per %s): samples may be dropped even while every destination is"
                    + " healthy; give Sentinel more heap (JAVA_OPTS=-Xmx…) or use type: disk",
                fits,
                Sizes.approximate(limit),
                Sizes.approximate(heapBytes),
                SampleSize.PLANNING,
                FLUSHES,
                perFlush,
                Durations.format(flush)));
      }
      return size;
    }
    if (configured > fits) {
      buffer.error(
          "size",
          String.format(
              Locale.ROOT,
              "%d samples need about %s of memory (about %d bytes each), but the buffer may use %s"
                  + " (%d%% of this JVM's %s heap), enough for %d: lower it, use type: disk, or"
                  + " give Sentinel more heap (JAVA_OPTS=-Xmx…)",
              configured,
              Sizes.approximate((long) configured * SampleSize.PLANNING),
              SampleSize.PLANNING,
              Sizes.approximate(limit),
              Math.round(HEAP_SHARE * 100),
              Sizes.approximate(heapBytes),
              fits));
    } else if (configured < enough) {
      buffer.warn(
          "size",
          String.format(
              Locale.ROOT,
              "%d samples hold less than %d flush intervals of what the tasks produce (about %d"
                  + " samples per %s, %d in the largest run): samples will be dropped (buffer_full)"
                  + " even while every destination is healthy; raise it to at least %d, or leave it"
                  + " out to size it from the tasks",
              configured,
              FLUSHES,
              perFlush,
              Durations.format(flush),
              largestRun,
              enough));
    }
    return configured;
  }
}
