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

  private volatile SentinelConfig config;
  private final SelfMetrics metrics;
  private final Clock clock;
  private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(30));

  /** The running tasks by id, in config order; each has its probe and runner. */
  private final Map<String, TaskRunner> runners =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  private final List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final Watchdog watchdog = new Watchdog();
  private final java.util.concurrent.ScheduledExecutorService selfPush =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          Watchdog.daemonThreads("self-metrics-push"));
  private volatile long lastSelfPushMs;
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

  /** Told about every run from now on (register before {@link #start()}). */
  public void addRunListener(RunListener listener) {
    listeners.add(listener);
  }

  /** The config running now (the last one loaded or reloaded successfully). */
  public SentinelConfig config() {
    return config;
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
    metrics.workerGauges(workers::size, workers::busy, workers::queued);
    metrics.gauge(
        "sentinel_flush_interval_seconds",
        "The configured sender.flush_interval: an agent silent for a few of these is down.",
        () -> config.sender().flushInterval().toMillis() / 1000.0);
    metrics.gauge(
        "sentinel_last_flush_timestamp_seconds",
        "When Sentinel last put its own metrics into the buffer for the destinations (the"
            + " heartbeat; 0 with self_metrics.push off).",
        () -> lastSelfPushMs / 1000.0);
    if (buffer instanceof DiskBuffer spool) {
      metrics.gauge("sentinel_spool_bytes", "Bytes of the spool's files.", spool::diskBytes);
      metrics.gauge(
          "sentinel_spool_max_bytes",
          "buffer.max_disk_size (0: no limit).",
          () -> config.buffer().maxDiskBytes());
    }
    for (TaskConfig task : config.enabledTasks()) {
      startTask(task, null);
    }
    scheduler.start();
    scheduleSelfPush();
  }

  /** Every flush interval (as configured now), Sentinel's own metrics go into the buffer. */
  private void scheduleSelfPush() {
    try {
      selfPush.schedule(
          () -> {
            pushSelfMetrics();
            scheduleSelfPush();
          },
          config.sender().flushInterval().toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // stopped
    }
  }

  private void pushSelfMetrics() {
    SentinelConfig c = config;
    if (!c.pushSelfMetrics()) {
      return;
    }
    try {
      long now = clock.millis();
      lastSelfPushMs = now;
      buffer.append(SelfMetricsPush.snapshot(metrics.registry(), c.identity().asLabels(), now));
    } catch (RuntimeException e) { // e.g. the spool's disk is full: the next one may get through
      long suppressed = throttle.admit("self-push");
      if (suppressed >= 0) {
        logger
            .atWarn()
            .setMessage("Cannot buffer Sentinel's own metrics: " + e.getMessage())
            .addKeyValue("suppressed", suppressed)
            .log();
      }
    }
  }

  /** Opens the task's probe and schedules it; {@code replaced} is the runner it takes over from. */
  private void startTask(TaskConfig task, TaskRunner replaced) {
    Probe probe = openProbe(task);
    startProbe(task, probe);
    RunListener tell =
        (t, time, outcome, duration, error, samples) ->
            listeners.forEach(l -> l.runEnded(t, time, outcome, duration, error, samples));
    TaskRunner runner =
        new TaskRunner(
            task,
            probe,
            config.identity().asLabels(),
            buffer,
            metrics,
            workers,
            config.workerPoolSize(),
            watchdog,
            clock,
            throttle,
            tell);
    if (replaced != null) {
      runner.replaces(replaced.lastSamples());
    }
    runners.put(task.id(), runner);
    if (task.interval() != null) {
      scheduler.every(task.id(), task.interval(), runner);
    } else {
      scheduler.cron(task.id(), task.cron(), runner);
    }
  }

  /**
   * Applies a new, already validated config without a restart: unchanged tasks keep running
   * untouched; changed ones restart, new ones start, removed ones stop (a run in progress ends
   * within its timeout first); destinations likewise ({@link Destinations#apply}). Series that end
   * get staleness markers. The buffer and the web listener are not changed: {@link
   * Reload#restartRequired} names what differs there.
   */
  public synchronized Reload reload(SentinelConfig next) {
    long began = System.nanoTime();
    SentinelConfig previous = config;
    boolean identityChanged = !previous.identity().equals(next.identity());
    if (identityChanged) {
      logger
          .atWarn()
          .setMessage(
              "Identity changed (sentinel.name, region or labels): every task and every destination"
                  + " that uses it restarts; the old series end")
          .addKeyValue("sentinel", next.identity().name())
          .log();
    }
    Map<String, TaskConfig> wanted = new LinkedHashMap<>();
    next.enabledTasks().forEach(t -> wanted.put(t.id(), t));
    List<String> kept = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<TaskRunner> retiring = new ArrayList<>();
    Map<String, TaskRunner> current;
    synchronized (runners) {
      current = new LinkedHashMap<>(runners);
    }
    for (TaskRunner r : current.values()) {
      TaskConfig t = r.task();
      TaskConfig n = wanted.get(t.id());
      if (n == null) {
        removed.add(t.id());
      } else if (!identityChanged && t.sameDefinition(n)) {
        kept.add(t.id());
        continue;
      } else {
        changed.add(t.id());
      }
      scheduler.remove(t.id());
      r.stop();
      retiring.add(r);
    }
    for (TaskConfig n : wanted.values()) {
      if (!current.containsKey(n.id())) {
        added.add(n.id());
      }
    }
    config = next;
    workers.resize(next.workerPoolSize());
    retire(retiring);
    for (TaskRunner r : retiring) {
      runners.remove(r.task().id());
      if (removed.contains(r.task().id())) {
        r.markAllStale();
      }
    }
    for (TaskConfig n : wanted.values()) {
      if (changed.contains(n.id())) {
        startTask(n, current.get(n.id()));
      } else if (added.contains(n.id())) {
        startTask(n, null);
      }
    }
    Destinations.Changes d = destinations.apply(next.sender(), identityChanged);
    List<String> restart = new ArrayList<>();
    if (!previous.buffer().equals(next.buffer())) {
      restart.add("buffer");
    }
    if (!previous.selfMetricsListen().equals(next.selfMetricsListen())) {
      restart.add("self_metrics.listen");
    }
    if (!previous.webConfigFile().equals(next.webConfigFile())) {
      restart.add("self_metrics.web_config_file");
    }
    return new Reload(
        kept,
        changed,
        added,
        removed,
        d.kept(),
        d.changed(),
        d.added(),
        d.removed(),
        identityChanged,
        restart,
        Duration.ofNanos(System.nanoTime() - began));
  }

  /**
   * Waits for the runs in progress of tasks a reload stops (each ends within its timeout, or is
   * interrupted then), then closes their probes.
   */
  private void retire(List<TaskRunner> retiring) {
    long start = System.nanoTime(); // every run's deadline counts from now: the waits overlap
    for (TaskRunner r : retiring) {
      long deadline = start + r.task().timeout().plus(RunExecution.GRACE).toNanos();
      if (!r.awaitIdle(deadline)) {
        r.cancelRunning();
        r.awaitIdle(System.nanoTime() + RunExecution.GRACE.toNanos());
      }
      closeProbe(r.task().id(), r.probe());
    }
  }

  /** What a reload did: task ids and destination names by fate, and what needs a restart. */
  public record Reload(
      List<String> tasksKept,
      List<String> tasksChanged,
      List<String> tasksAdded,
      List<String> tasksRemoved,
      List<String> destinationsKept,
      List<String> destinationsChanged,
      List<String> destinationsAdded,
      List<String> destinationsRemoved,
      boolean identityChanged,
      List<String> restartRequired,
      Duration took) {
    /** One line of counts, e.g. for the log and the status page. */
    public String summary() {
      return "tasks: "
          + tasksKept.size()
          + " kept, "
          + tasksChanged.size()
          + " changed, "
          + tasksAdded.size()
          + " added, "
          + tasksRemoved.size()
          + " removed; destinations: "
          + destinationsKept.size()
          + " kept, "
          + destinationsChanged.size()
          + " changed, "
          + destinationsAdded.size()
          + " added, "
          + destinationsRemoved.size()
          + " removed";
    }
  }

  /** The running tasks, in config order. */
  public List<TaskConfig> tasks() {
    synchronized (runners) {
      return runners.values().stream().map(TaskRunner::task).toList();
    }
  }

  /** Each destination: its name, what it sends to, and its loop's state. */
  public List<DestinationStatus> destinationStatus() {
    return destinations.status().stream()
        .map(
            s ->
                new DestinationStatus(
                    s.name(),
                    s.target(),
                    s.loop().pendingCount(),
                    s.loop().oldestUnsentAgeSeconds(),
                    s.loop().lastSuccessMillis(),
                    s.loop().failingSinceMillis(),
                    s.loop().lastError(),
                    metrics.droppedByReason(s.name())))
        .toList();
  }

  /** A destination as the status page shows it; times in ms since the epoch, -1 for none. */
  public record DestinationStatus(
      String name,
      String target,
      long pending,
      double oldestUnsentAgeSeconds,
      long lastSuccessMillis,
      long failingSinceMillis,
      String lastError,
      Map<String, Double> dropped) {}

  /** The buffer: type, samples held, and for the spool its bytes on disk and limit (else -1). */
  public record BufferStatus(String type, long samples, long bytes, long maxBytes) {}

  public BufferStatus bufferStatus() {
    Buffer b = buffer;
    if (b instanceof DiskBuffer d) {
      return new BufferStatus("disk", d.size(), d.diskBytes(), config.buffer().maxDiskBytes());
    }
    return new BufferStatus("memory", b == null ? 0 : b.size(), -1, -1);
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
    selfPush.shutdownNow();
    if (workers != null) {
      stopRuns(shutdown.dividedBy(2));
    }
    List<TaskRunner> all;
    synchronized (runners) {
      all = new ArrayList<>(runners.values());
    }
    all.forEach(r -> closeProbe(r.task().id(), r.probe()));
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
    List<TaskRunner> all;
    synchronized (runners) {
      all = new ArrayList<>(runners.values());
    }
    all.forEach(TaskRunner::stop);
    for (Runnable waiting : workers.shutdown()) {
      ((TaskRunner.QueuedRun) waiting).cancel();
    }
    if (!workers.awaitIdle(wait)) {
      all.forEach(TaskRunner::cancelRunning);
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
