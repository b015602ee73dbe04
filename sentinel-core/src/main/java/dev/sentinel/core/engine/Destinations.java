package dev.sentinel.core.engine;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.config.DestinationConfig;
import dev.sentinel.core.config.SenderConfig;
import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.Readiness;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.options.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's destination side: one {@link SenderLoop} per destination on a thread of its own,
 * flushing every flush interval (or when a failed flush asks), readiness for {@code /readyz}, and
 * the final flush within the shutdown deadline.
 */
final class Destinations {
  private static final Logger logger = LoggerFactory.getLogger(Destinations.class);

  private record Sender(
      Destination destination, SenderLoop loop, ScheduledThreadPoolExecutor executor) {}

  private final SenderConfig config;
  private final SelfMetrics metrics;
  private final LogThrottle throttle;
  private final Clock clock;
  private final List<Sender> senders = new CopyOnWriteArrayList<>();

  Destinations(SenderConfig config, SelfMetrics metrics, LogThrottle throttle, Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.throttle = throttle;
    this.clock = clock;
  }

  /** Opens every destination and starts its flushes, reading {@code buffer}. */
  void start(Buffer buffer) {
    // Every destination's reader exists before any sender acknowledges, so the spool keeps what a
    // destination has not read yet.
    Map<String, Buffer.Reader> readers = new HashMap<>();
    for (DestinationConfig d : config.destinations()) {
      readers.put(d.name(), buffer.reader(d.name()));
    }
    for (DestinationConfig d : config.destinations()) {
      Destination destination = d.spec().open();
      Buffer.Reader reader = readers.get(d.name());
      SenderLoop loop =
          new SenderLoop(
              destination,
              reader,
              new SenderLoop.Settings(
                  config.batchSize(), config.maxBatchBytes(), d.maxSampleAge(), config.retry()),
              metrics,
              throttle,
              clock);
      metrics.pendingGauge(destination.name(), reader::pending);
      metrics.oldestAgeGauge(destination.name(), loop::oldestUnsentAgeSeconds);
      metrics.lastSuccessGauge(
          destination.name(), () -> Math.max(0, loop.lastSuccessMillis()) / 1000.0);
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1, Watchdog.daemonThreads("sender-" + destination.name()));
      // On shutdown the final flush takes over; a flush scheduled for later must not wait for its
      // time.
      executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      Sender sender = new Sender(destination, loop, executor);
      senders.add(sender);
      scheduleFlush(sender, config.flushInterval());
      logger
          .atInfo()
          .setMessage("Destination ready")
          .addKeyValue("destination", destination.name())
          .addKeyValue("target", d.spec().describe())
          .log();
    }
  }

  /**
   * Runs the destination's next flush after {@code delay}; then again after the flush interval, or
   * sooner/later as the retry policy says when a batch failed.
   */
  private void scheduleFlush(Sender s, Duration delay) {
    try {
      s.executor()
          .schedule(
              () -> {
                Duration next = config.flushInterval();
                try {
                  SenderLoop.Flush f = s.loop().flush(Long.MAX_VALUE);
                  if (f.retryIn() != null) {
                    next = f.retryIn();
                  }
                } catch (RuntimeException e) {
                  logger
                      .atError()
                      .setMessage("Sender loop error")
                      .addKeyValue("destination", s.loop().name())
                      .setCause(e)
                      .log();
                }
                scheduleFlush(s, next);
              },
              delay.toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      // shutting down: the final flush takes over
    }
  }

  /** Whether every destination takes data: not ready while one's last attempt failed. */
  Readiness.Report readiness() {
    long now = clock.millis();
    boolean ready = true;
    List<String> lines = new ArrayList<>();
    for (Sender s : senders) {
      SenderLoop loop = s.loop();
      long since = loop.failingSinceMillis();
      long last = loop.lastSuccessMillis();
      if (since >= 0) {
        ready = false;
        lines.add(
            loop.name()
                + ": failing for "
                + Durations.format(Duration.ofMillis(Math.max(0, now - since)))
                + ": "
                + loop.lastError());
      } else {
        lines.add(
            loop.name()
                + ": ok"
                + (last < 0
                    ? " (nothing delivered yet)"
                    : " (last delivery "
                        + Durations.format(Duration.ofSeconds(Math.max(0, now - last) / 1000))
                        + " ago)"));
      }
    }
    return new Readiness.Report(ready, lines);
  }

  /**
   * Stops the scheduled flushes, then gives each destination one last flush, all in parallel and
   * within {@code deadlineNanos} ({@link System#nanoTime()}), logs each one's final counts and
   * closes it.
   */
  void stop(long deadlineNanos) {
    for (Sender s : senders) {
      s.executor().shutdown();
    }
    List<Future<?>> finals = new ArrayList<>();
    for (Sender s : senders) {
      // The loop's own thread is busy or idle; a fresh thread does the final flush in parallel.
      ExecutorService one =
          Executors.newSingleThreadExecutor(
              Watchdog.daemonThreads("final-flush-" + s.loop().name()));
      finals.add(
          one.submit(
              () -> {
                awaitQuietly(s.executor(), deadlineNanos);
                s.loop().flush(deadlineNanos);
              }));
      one.shutdown();
    }
    for (Future<?> f : finals) {
      try {
        f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        f.cancel(true);
      }
    }
    for (Sender s : senders) {
      s.loop().logStopped();
      s.destination().close();
    }
  }

  private static void awaitQuietly(ExecutorService executor, long deadlineNanos) {
    try {
      executor.awaitTermination(
          Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<SenderLoop> loops() {
    return senders.stream().map(Sender::loop).toList();
  }
}
