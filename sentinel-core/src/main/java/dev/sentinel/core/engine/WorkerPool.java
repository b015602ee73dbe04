package dev.sentinel.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run tasks: {@code size} workers taking runs first come, first served, so a run
 * waits at most for the runs ahead of it and no task is ever starved. Each task has at most one run
 * queued or going (its {@link TaskRunner} sees to that), so the queue is bounded by the number of
 * tasks. A worker held by a probe that ignores its timeout is replaced for as long as it is held
 * ({@link #lend()}/{@link #giveBack()}). Idle workers end after a minute.
 */
final class WorkerPool {
  private final ThreadPoolExecutor pool;
  private int size; // guarded by this: the configured size, without lent workers

  WorkerPool(int size) {
    this.size = size;
    pool =
        new ThreadPoolExecutor(
            size,
            size,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Watchdog.daemonThreads("task-worker"));
    pool.allowCoreThreadTimeOut(true);
  }

  /** Queues a run; throws RejectedExecutionException once the pool is shut down. */
  void execute(Runnable run) {
    pool.execute(run);
  }

  /** Adds a worker while one is held by a stuck probe. */
  synchronized void lend() {
    pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
    pool.setCorePoolSize(pool.getCorePoolSize() + 1);
  }

  /** The stuck probe has returned: back to the configured size. */
  synchronized void giveBack() {
    pool.setCorePoolSize(pool.getCorePoolSize() - 1);
    pool.setMaximumPoolSize(pool.getMaximumPoolSize() - 1);
  }

  /** A reload changed the pool's size: takes effect as workers finish their runs. */
  synchronized void resize(int newSize) {
    int delta = newSize - size;
    size = newSize;
    if (delta > 0) {
      pool.setMaximumPoolSize(pool.getMaximumPoolSize() + delta);
      pool.setCorePoolSize(pool.getCorePoolSize() + delta);
    } else if (delta < 0) {
      pool.setCorePoolSize(pool.getCorePoolSize() + delta);
      pool.setMaximumPoolSize(pool.getMaximumPoolSize() + delta);
    }
  }

  synchronized int size() {
    return size;
  }

  int busy() {
    return pool.getActiveCount();
  }

  int queued() {
    return pool.getQueue().size();
  }

  /** Stops taking runs and hands back the ones that had not started. */
  List<Runnable> shutdown() {
    List<Runnable> waiting = new ArrayList<>();
    pool.getQueue().drainTo(waiting);
    pool.shutdown();
    return waiting;
  }

  /** Whether every started run has ended, waiting up to {@code wait}. */
  boolean awaitIdle(Duration wait) {
    try {
      return pool.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return pool.isTerminated();
    }
  }
}
