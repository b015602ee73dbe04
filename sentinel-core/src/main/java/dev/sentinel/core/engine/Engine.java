package dev.sentinel.core.engine;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.buffer.DiskBuffer;
import dev.sentinel.core.buffer.MemoryBuffer;
import dev.sentinel.core.config.BufferConfig;
import dev.sentinel.core.config.BufferSizing;
import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.Readiness;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final List<TaskRunner> runners = new ArrayList<>();

  /** The probes opened from the tasks' specs, by task id, closed at stop. */
  private final Map<String, Probe> probes = new LinkedHashMap<>();

  private final Watchdog watchdog = new Watchdog();
  private Buffer buffer;
  private final TaskScheduler scheduler;
  private WorkerPool workers;
  private final Destinations destinations;

  /**
   * The daemon for {@code config}; {@code scheduler} fires its tasks once {@link #start()} has
   * registered them.
   */
  public Engine(SentinelConfig config, String version, Clock clock, TaskScheduler scheduler) {
    this.config = config;
    this.metrics = new SelfMetrics(version);
    this.clock = clock;
    this.scheduler = scheduler;
    this.destinations = new Destinations(config.sender(), metrics, throttle, clock);
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
    destinations.start(buffer);
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
    return destinations.readiness();
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
    destinations.stop(deadline);
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

  public List<SenderLoop> senderLoops() {
    return destinations.loops();
  }
}
