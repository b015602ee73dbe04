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
      DestinationConfig config,
      Destination destination,
      SenderLoop loop,
      ScheduledThreadPoolExecutor executor) {}

  /** What a reload did to the destinations: names kept, changed, added and removed. */
  record Changes(
      List<String> kept, List<String> changed, List<String> added, List<String> removed) {}

  private volatile SenderConfig config;
  private final SelfMetrics metrics;
  private final LogThrottle throttle;
  private final Clock clock;
  private final List<Sender> senders = new CopyOnWriteArrayList<>();
  private Buffer buffer;

  Destinations(SenderConfig config, SelfMetrics metrics, LogThrottle throttle, Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.throttle = throttle;
    this.clock = clock;
  }

  /** Opens every destination and starts its flushes, reading {@code buffer}. */
  void start(Buffer buffer) {
    this.buffer = buffer;
    // Every destination's reader exists before any sender acknowledges, so the spool keeps what a
    // destination has not read yet.
    Map<String, Buffer.Reader> readers = new HashMap<>();
    for (DestinationConfig d : config.destinations()) {
      readers.put(d.name(), buffer.reader(d.name()));
    }
    for (DestinationConfig d : config.destinations()) {
      open(d, readers.get(d.name()), "Destination ready");
    }
  }

  /**
   * A reload: destinations whose definition is the same keep their loops untouched; a changed one
   * gets a new loop that takes over the old one's position (what was pending is delivered with the
   * new settings); a new one starts after the samples held now; a removed one is closed, what only
   * it had pending is dropped (counted, {@code destination_removed}). Destinations that depend on
   * the identity restart when it changed.
   */
  synchronized Changes apply(SenderConfig next, boolean identityChanged) {
    Map<String, Sender> current = new java.util.LinkedHashMap<>();
    senders.forEach(s -> current.put(s.loop().name(), s));
    List<String> kept = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    config = next;
    for (DestinationConfig d : next.destinations()) {
      Sender old = current.remove(d.name());
      if (old == null) {
        added.add(d.name());
        open(d, buffer.readerAtEnd(d.name()), "Destination added");
      } else if (old.config().digest().equals(d.digest())
          && !(identityChanged && d.spec().dependsOnIdentity())) {
        kept.add(d.name());
        senders.set(
            senders.indexOf(old), new Sender(d, old.destination(), old.loop(), old.executor()));
      } else {
        changed.add(d.name());
        halt(old);
        old.loop().logStopped();
        old.destination().close();
        senders.remove(old);
        open(d, buffer.reader(d.name()), "Destination changed");
      }
    }
    for (Sender old : current.values()) {
      String name = old.loop().name();
      removed.add(name);
      halt(old);
      old.loop().logStopped();
      old.destination().close();
      senders.remove(old);
      metrics.forgetDestination(name);
      long pending = buffer.removeReader(name);
      if (pending > 0) {
        metrics.dropped(name, "destination_removed", pending);
      }
      logger
          .atInfo()
          .setMessage("Destination removed")
          .addKeyValue("destination", name)
          .addKeyValue("dropped", pending)
          .log();
    }
    return new Changes(kept, changed, added, removed);
  }

  /**
   * Stops a destination's flushes: the flush in progress may finish within the sender timeout, then
   * it is interrupted (its batch stays in the buffer).
   */
  private void halt(Sender s) {
    s.executor().shutdown();
    try {
      if (!s.executor()
          .awaitTermination(config.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        s.executor().shutdownNow();
        s.executor().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void open(DestinationConfig d, Buffer.Reader reader, String message) {
    SenderConfig c = config;
    Destination destination = d.spec().open();
    SenderLoop loop =
        new SenderLoop(
            destination,
            reader,
            new SenderLoop.Settings(c.batchSize(), c.maxBatchBytes(), d.maxSampleAge(), c.retry()),
            metrics,
            throttle,
            clock);
    metrics.pendingGauge(destination.name(), reader::pending);
    metrics.oldestAgeGauge(destination.name(), loop::oldestUnsentAgeSeconds);
    metrics.lastSuccessGauge(
        destination.name(), () -> Math.max(0, loop.lastSuccessMillis()) / 1000.0);
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(1, Watchdog.daemonThreads("sender-" + destination.name()));
    // On shutdown the final flush takes over; a flush scheduled for later must not wait for its
    // time.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    Sender sender = new Sender(d, destination, loop, executor);
    senders.add(sender);
    scheduleFlush(sender, c.flushInterval());
    logger
        .atInfo()
        .setMessage(message)
        .addKeyValue("destination", destination.name())
        .addKeyValue("target", d.spec().describe())
        .log();
  }

  /** What the status page shows of each destination. */
  record Status(String name, String target, SenderLoop loop) {}

  List<Status> status() {
    return senders.stream()
        .map(s -> new Status(s.loop().name(), s.config().spec().describe(), s.loop()))
        .toList();
  }

  /**
   * How often a destination looks, between its flushes, for a full batch ({@code batch_size})
   * waiting: one is sent then rather than at the flush interval, so a busy agent (a scrape of
   * thousands of series) holds about a second of samples, not a whole interval.
   */
  /**
   * How often a destination looks for a full batch between flushes. Short, so that samples are on
   * their way within a young collection or two (at 100,000 samples a second, a second's wait moved
   * every sample into the old generation); a look is a counter read.
   */
  static final Duration EARLY_LOOK = Duration.ofMillis(100);

  /**
   * Runs the destination's next flush after {@code delay}; then again after the flush interval, or
   * sooner/later as the retry policy says when a batch failed. Outside a retry's wait, a full batch
   * waiting is sent within {@link #EARLY_LOOK}.
   */
  private void scheduleFlush(Sender s, Duration delay) {
    scheduleLook(s, System.nanoTime() + delay.toNanos(), false);
  }

  private void scheduleLook(Sender s, long dueNanos, boolean backoff) {
    long wait = dueNanos - System.nanoTime();
    if (!backoff) {
      wait = Math.min(wait, EARLY_LOOK.toNanos());
    }
    try {
      s.executor()
          .schedule(() -> look(s, dueNanos, backoff), Math.max(0, wait), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      // shutting down: the final flush takes over
    }
  }

  private void look(Sender s, long dueNanos, boolean backoff) {
    if (System.nanoTime() - dueNanos < 0
        && (backoff || s.loop().pendingCount() < config.batchSize())) {
      scheduleLook(s, dueNanos, backoff);
      return;
    }
    Duration next = config.flushInterval();
    boolean retry = false;
    try {
      SenderLoop.Flush f = s.loop().flush(Long.MAX_VALUE);
      if (f.retryIn() != null) {
        next = f.retryIn();
        retry = true;
      }
    } catch (RuntimeException e) {
      logger
          .atError()
          .setMessage("Sender loop error")
          .addKeyValue("destination", s.loop().name())
          .setCause(e)
          .log();
    }
    scheduleLook(s, System.nanoTime() + next.toNanos(), retry);
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
