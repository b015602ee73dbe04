package dev.sentinel.core.engine;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.buffer.DiskBuffer;
import dev.sentinel.core.buffer.MemoryBuffer;
import dev.sentinel.core.config.BufferConfig;
import dev.sentinel.core.config.BufferSizing;
import dev.sentinel.core.config.DestinationConfig;
import dev.sentinel.core.config.SenderConfig;
import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.Readiness;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.FileError;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeStartException;
import dev.sentinel.core.schedule.TaskScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: buffer, one sender loop per destination, and the scheduler it is handed,
 * firing task runners; its self-metrics and {@link #readiness()} are for the application to serve.
 * {@link #stop()} stops scheduling, flushes within the shutdown timeout and logs each destination's
 * final counts.
 */
public final class Engine {
  private static final Logger logger = LoggerFactory.getLogger(Engine.class);

  private final SentinelConfig config;
  private final SelfMetrics metrics;
  private final Clock clock;
  private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(30));
  private final List<Sender> senders = new CopyOnWriteArrayList<>();
  private final List<TaskRunner> runners = new ArrayList<>();

  /** The probes opened from the tasks' specs, by task id, closed at stop. */
  private final Map<String, Probe> probes = new LinkedHashMap<>();

  private final Watchdog watchdog = new Watchdog();
  private Buffer buffer;
  private final TaskScheduler scheduler;
  private WorkerPool workers;

  private record Sender(
      Destination destination, SenderLoop loop, ScheduledExecutorService executor) {}

  /**
   * The daemon for {@code config}; {@code scheduler} fires its tasks once {@link #start()} has
   * registered them.
   */
  public Engine(SentinelConfig config, String version, Clock clock, TaskScheduler scheduler) {
    this.config = config;
    this.metrics = new SelfMetrics(version);
    this.clock = clock;
    this.scheduler = scheduler;
  }

  public SelfMetrics metrics() {
    return metrics;
  }

  /**
   * Starts everything; throws StartException when the spool cannot be opened (e.g. another Sentinel
   * holds it).
   */
  public void start() throws StartException {
    buffer = openBuffer();
    metrics.gauge("sentinel_buffer_samples", "Samples held in the buffer.", () -> buffer.size());
    // Every destination's reader exists before any sender acknowledges, so the spool keeps what a
    // destination has not read yet.
    Map<String, Buffer.Reader> readers = new HashMap<>();
    for (DestinationConfig d : config.sender().destinations()) {
      readers.put(d.name(), buffer.reader(d.name()));
    }
    for (DestinationConfig d : config.sender().destinations()) {
      Destination destination = d.spec().open();
      Buffer.Reader reader = readers.get(d.name());
      SenderConfig sc = config.sender();
      SenderLoop loop =
          new SenderLoop(
              destination,
              reader,
              new SenderLoop.Settings(
                  sc.batchSize(), sc.maxBatchBytes(), d.maxSampleAge(), sc.retry()),
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
      scheduleFlush(sender, sc.flushInterval());
      logger
          .atInfo()
          .setMessage("Destination ready")
          .addKeyValue("destination", destination.name())
          .addKeyValue("target", d.spec().describe())
          .log();
    }
    workers = new WorkerPool(config.workerPoolSize());
    metrics.workerGauges(config.workerPoolSize(), workers::busy, workers::queued);
    Labels identity = config.identity().asLabels();
    for (TaskConfig task : config.enabledTasks()) {
      Probe probe = openProbe(task);
      probes.put(task.id(), probe);
      startProbe(task, probe);
      TaskRunner runner =
          new TaskRunner(
              task,
              probe,
              identity,
              buffer,
              metrics,
              workers,
              config.workerPoolSize(),
              watchdog,
              clock,
              throttle);
      runners.add(runner);
      if (task.interval() != null) {
        scheduler.every(task.id(), task.interval(), runner);
      } else {
        scheduler.cron(task.id(), task.cron(), runner);
      }
    }
    scheduler.start();
  }

  /**
   * Whether every destination takes data: not ready while one's last attempt failed ({@code
   * /readyz}).
   */
  public Readiness.Report readiness() {
    long now = clock.millis();
    boolean ready = true;
    List<String> lines = new ArrayList<>();
    for (Sender s : List.copyOf(senders)) {
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
   * The task's probe. A spec that cannot open (its files changed since the config was loaded) is
   * logged once like a task that cannot start, and the task keeps running and reporting down.
   */
  private static Probe openProbe(TaskConfig task) {
    try {
      return task.spec().open();
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      logger
          .atError()
          .setMessage("Task cannot start: " + why)
          .addKeyValue("task_id", task.id())
          .addKeyValue("plugin", task.plugin())
          .log();
      return context -> ProbeResult.failure(why, List.of());
    }
  }

  /** Opens what the task keeps between runs; a failure is logged once and the task still runs. */
  private void startProbe(TaskConfig task, Probe probe) {
    try {
      probe.start();
    } catch (ProbeStartException e) {
      logger
          .atError()
          .setMessage("Task cannot start: " + e.getMessage())
          .addKeyValue("task_id", task.id())
          .addKeyValue("plugin", task.plugin())
          .log();
    } catch (RuntimeException e) {
      logger
          .atError()
          .setMessage("Task cannot start")
          .addKeyValue("task_id", task.id())
          .addKeyValue("plugin", task.plugin())
          .setCause(e)
          .log();
    }
  }

  private Buffer openBuffer() throws StartException {
    BufferConfig b = config.buffer();
    if (!b.disk()) {
      return new MemoryBuffer(
          b.size(),
          BufferSizing.memoryLimit(Runtime.getRuntime().maxMemory()),
          this::bufferDropped);
    }
    Path dir = Path.of(b.diskPath());
    try {
      Files.createDirectories(dir);
      DiskBuffer spool =
          DiskBuffer.open(
              dir,
              b.maxDiskBytes(),
              b.maxAge(),
              DiskBuffer.segmentBytesFor(b.maxDiskBytes()),
              this::bufferDropped,
              (file, offset, bytes, problem) -> metrics.spoolCorruption(),
              clock);
      logger
          .atInfo()
          .setMessage("Spool opened")
          .addKeyValue("path", dir.toAbsolutePath().toString())
          .addKeyValue("samples", spool.size())
          .log();
      return spool;
    } catch (IOException e) {
      throw new StartException("buffer.disk_path", FileError.why(e), e);
    }
  }

  private void bufferDropped(String destination, String reason, long count) {
    metrics.dropped(destination, reason, count);
    long suppressed = throttle.admit("buffer-drop:" + reason + ":" + destination);
    if (suppressed >= 0) {
      logger
          .atWarn()
          .setMessage(
              reason.equals("buffer_full")
                  ? "Buffer full: oldest samples dropped"
                  : "Spool: samples dropped")
          .addKeyValue("destination", destination)
          .addKeyValue("reason", reason)
          .addKeyValue("dropped", count)
          .addKeyValue("suppressed", suppressed)
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
                Duration next = config.sender().flushInterval();
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

  /**
   * Stops scheduling; runs in progress get half the shutdown timeout to finish (their samples make
   * the final flush), then are cancelled and leave nothing; flushes what is buffered within the
   * shutdown timeout; closes everything.
   */
  public void stop() {
    logger.info("Stopping");
    Duration shutdown = config.sender().shutdownTimeout();
    long deadline = System.nanoTime() + shutdown.toNanos();
    scheduler.close();
    if (workers != null) {
      stopRuns(shutdown.dividedBy(2));
    }
    probes.forEach(Engine::closeProbe);
    watchdog.close();
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
                awaitQuietly(s.executor(), deadline);
                s.loop().flush(deadline);
              }));
      one.shutdown();
    }
    for (Future<?> f : finals) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        f.cancel(true);
      }
    }
    for (Sender s : senders) {
      s.loop().logStopped();
      s.destination().close();
    }
    if (buffer != null) {
      buffer.close(); // the spool syncs: what was not delivered is there at the next start
    }
    logger.info("Stopped");
  }

  /**
   * Runs that had not started are dropped; runs in progress may finish within {@code wait}; the
   * rest are interrupted and their results dropped. Either way they are counted as cancelled, never
   * reported as a failing target.
   */
  private void stopRuns(Duration wait) {
    double before = metrics.taskRunsTotal("cancelled");
    runners.forEach(TaskRunner::stop);
    for (Runnable waiting : workers.shutdown()) {
      ((TaskRunner.QueuedRun) waiting).cancel();
    }
    if (!workers.awaitIdle(wait)) {
      runners.forEach(TaskRunner::cancelRunning);
      workers.awaitIdle(RunExecution.GRACE);
    }
    long cancelled = Math.round(metrics.taskRunsTotal("cancelled") - before);
    if (cancelled > 0) {
      logger
          .atInfo()
          .setMessage(
              "Task runs cancelled by shutdown: their results are dropped, no target is reported"
                  + " down")
          .addKeyValue("cancelled", cancelled)
          .log();
    }
  }

  private static void closeProbe(String taskId, Probe probe) {
    try {
      probe.close();
    } catch (RuntimeException e) {
      logger
          .atWarn()
          .setMessage("Task did not close cleanly")
          .addKeyValue("task_id", taskId)
          .setCause(e)
          .log();
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

  public List<SenderLoop> senderLoops() {
    return senders.stream().map(Sender::loop).toList();
  }
}
