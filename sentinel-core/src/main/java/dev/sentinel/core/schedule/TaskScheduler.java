package dev.sentinel.core.schedule;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Fires registered tasks on an interval or a cron schedule. Each fire passes the time (ms since the
 * epoch) it was scheduled for, so the task can measure how late it started. A fire must return at
 * once (queue the run elsewhere): a few threads fire every task.
 */
public interface TaskScheduler extends AutoCloseable {
  /**
   * Runs {@code run} every {@code interval}, first after a random offset in [0, interval) so tasks
   * loaded together don't all fire at once.
   */
  void every(String id, Duration interval, LongConsumer run);

  /** Runs {@code run} on a Quartz cron expression (already validated). */
  void cron(String id, String expression, LongConsumer run);

  /** Stops firing the task {@code id} (a reload removed or changed it); unknown ids are ignored. */
  void remove(String id);

  void start();

  /**
   * Stops firing. A fire only hands the run over (it never runs a probe itself), so this returns at
   * once; the runs in progress are the caller's to wait for.
   */
  @Override
  void close();
}
