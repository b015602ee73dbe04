package dev.sentinel.core.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread that enforces the deadlines of every run in progress, so that no run needs a second
 * thread just to wait for its probe. Cancelled deadlines are removed at once.
 */
public final class Watchdog implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;

  public Watchdog() {
    timer = new ScheduledThreadPoolExecutor(1, daemonThreads("task-deadlines"));
    timer.setRemoveOnCancelPolicy(true);
  }

  ScheduledFuture<?> after(Duration delay, Runnable action) {
    return timer.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2}, … */
  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
