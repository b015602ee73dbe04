package dev.sentinel.core.schedule;

import java.time.Duration;

/** Fires registered runnables on an interval or a cron schedule. */
public interface TaskScheduler extends AutoCloseable {
  /**
   * Runs {@code run} every {@code interval}, first after a random offset in [0, interval) so tasks
   * loaded together don't all fire at once.
   */
  void every(String id, Duration interval, Runnable run);

  /** Runs {@code run} on a Quartz cron expression (already validated). */
  void cron(String id, String expression, Runnable run);

  void start();

  /** Stops firing; runs in progress are not waited for. */
  @Override
  void close();
}
