package dev.sentinel.core.schedule;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Fires registered tasks on an interval or a cron schedule. Each fire passes the time (ms since
 * the epoch) it was scheduled for, so the task can measure how late it started.
 */
public interface TaskScheduler extends AutoCloseable {
  /**
   * Runs {@code run} every {@code interval}, first after a random offset in [0, interval) so tasks
   * loaded together don't all fire at once.
   */
  void every(String id, Duration interval, LongConsumer run);

  /** Runs {@code run} on a Quartz cron expression (already validated). */
  void cron(String id, String expression, LongConsumer run);

  void start();

  /**
   * Stops firing, then waits up to {@code wait} for runs in progress to finish (their samples
   * should make the final flush).
   */
  void stop(Duration wait);

  /** After {@link #stop}: whether no run is still going. */
  boolean idle();

  /** Stops firing; runs in progress are not waited for. */
  @Override
  void close();
}
