package dev.sentinel.core.engine;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's runs. The scheduler's fire only queues a run on the {@link WorkerPool} and returns, so
 * a slow task never delays another's fire. A task has at most one run queued or going: a fire that
 * comes while the previous run is still going waits for it and starts right after (if that is
 * within half an interval of its time; otherwise it is skipped, {@code skipped_overlap}); a fire
 * that comes while the previous one still waits for a worker is skipped ({@code skipped_late}).
 * Every run ends in the buffer as the probe's samples plus {@code device_status}, except a run
 * cancelled by shutdown, which leaves nothing.
 */
public final class TaskRunner implements LongConsumer {
  private static final Logger logger = LoggerFactory.getLogger(TaskRunner.class);

  private enum State {
    IDLE,
    QUEUED,
    RUNNING
  }

  private final TaskConfig task;
  private final Probe probe;
  private final Labels baseLabels;
  private final Buffer buffer;
  private final SelfMetrics metrics;
  private final WorkerPool workers;
  private final Watchdog watchdog;
  private final Clock clock;
  private final LogThrottle throttle;
  private final int poolSize;

  /**
   * How late a deferred fire may still start; a run starting later than {@link #lateAfter} is
   * logged.
   */
  private final Duration tolerance;

  private final Duration lateAfter;

  private State state = State.IDLE; // guarded by this
  private long deferredFire = -1; // guarded by this: a fire that came while a run was going
  private boolean stopping; // guarded by this
  private RunExecution current; // guarded by this
  private volatile Boolean lastSuccess;
  private final RunListener listener;

  /**
   * The last run's series (names and label sets only, {@link SeriesList}): they get staleness
   * markers when the task goes away.
   */
  private volatile List<Sample> lastSamples = List.of();

  /**
   * The series of the task this one replaced (a reload changed it): after this task's first run,
   * those it no longer produces get staleness markers. Null once done.
   */
  private List<Sample> replaced; // guarded by this

  TaskRunner(
      TaskConfig task,
      Probe probe,
      Labels identity,
      Buffer buffer,
      SelfMetrics metrics,
      WorkerPool workers,
      int poolSize,
      Watchdog watchdog,
      Clock clock,
      LogThrottle throttle,
      RunListener listener) {
    this.listener = listener;
    this.task = task;
    this.probe = probe;
    this.baseLabels = task.taskLabels().merge(identity);
    this.buffer = buffer;
    this.metrics = metrics;
    this.workers = workers;
    this.poolSize = poolSize;
    this.watchdog = watchdog;
    this.clock = clock;
    this.throttle = throttle;
    this.tolerance = task.interval() == null ? Duration.ofSeconds(1) : task.interval().dividedBy(2);
    this.lateAfter =
        tolerance.compareTo(Duration.ofSeconds(1)) < 0 ? tolerance : Duration.ofSeconds(1);
  }

  /** The scheduler's fire for {@code scheduledMillis}: queues a run, never blocks. */
  @Override
  public void accept(long scheduledMillis) {
    Outcome skipped = null;
    boolean queue = false;
    synchronized (this) {
      if (stopping) {
        return;
      }
      switch (state) {
        case IDLE -> {
          state = State.QUEUED;
          queue = true;
        }
        case QUEUED -> skipped = Outcome.SKIPPED_LATE;
        case RUNNING -> {
          if (deferredFire >= 0) {
            skipped = Outcome.SKIPPED_OVERLAP; // the run has outlasted a whole interval
          }
          deferredFire = scheduledMillis;
        }
      }
    }
    if (queue) {
      submit(scheduledMillis, false);
    }
    if (skipped != null) {
      skipped(skipped);
    }
  }

  /**
   * Runs now on the calling thread, as if scheduled now (tests); a no-op while a run is queued or
   * going.
   */
  void runNow() {
    synchronized (this) {
      if (state != State.IDLE || stopping) {
        return;
      }
      state = State.QUEUED;
    }
    new QueuedRun(clock.millis(), false).run();
  }

  private void submit(long scheduledMillis, boolean deferred) {
    try {
      workers.execute(new QueuedRun(scheduledMillis, deferred));
    } catch (RejectedExecutionException stopped) {
      cancelled();
    }
  }

  /** A run waiting for a worker; the engine cancels the ones still waiting at shutdown. */
  final class QueuedRun implements Runnable {
    private final long scheduledMillis;
    private final boolean deferred;

    QueuedRun(long scheduledMillis, boolean deferred) {
      this.scheduledMillis = scheduledMillis;
      this.deferred = deferred;
    }

    @Override
    public void run() {
      execute(scheduledMillis, deferred);
    }

    void cancel() {
      cancelled();
    }
  }

  private void execute(long scheduledMillis, boolean deferred) {
    ProbeContext context =
        new ProbeContext(
            baseLabels,
            task.timeout(),
            clock,
            ProbeContext.Listener.NONE,
            (reason, n) -> metrics.dropped("all", reason, n));
    RunExecution run = new RunExecution(probe, context, watchdog, () -> abandoned(context));
    synchronized (this) {
      if (stopping) {
        state = State.IDLE;
        metrics.taskRun(task.id(), Outcome.CANCELLED.label());
        return;
      }
      state = State.RUNNING;
      current = run;
    }
    long late = Math.max(0, clock.millis() - scheduledMillis);
    metrics.scheduleLag(late / 1000.0);
    if (late > lateAfter.toMillis()) {
      warn(
          "late:" + task.id(),
          "Task run started late",
          "late_ms",
          late,
          "cause",
          deferred
              ? "the previous run overran"
              : "no free worker (collector.worker_pool_size " + poolSize + ")");
    }
    RunOutcome outcome = run.execute();
    if (run.abandoned()) {
      workers.giveBack();
      logger
          .atInfo()
          .setMessage("Stuck task run ended")
          .addKeyValue("task_id", task.id())
          .addKeyValue("duration_ms", outcome.duration().toMillis())
          .log();
    } else {
      record(context, outcome);
    }
    finished();
  }

  /**
   * The run's probe ignored its timeout: report the timeout now, and replace its worker meanwhile.
   */
  private void abandoned(ProbeContext context) {
    workers.lend();
    logger
        .atWarn()
        .setMessage(
            "Task run did not stop at its timeout: reported as timed out; its worker is replaced"
                + " until the probe returns")
        .addKeyValue("task_id", task.id())
        .addKeyValue("plugin", task.plugin())
        .log();
    record(context, RunExecution.abandonedOutcome(task.timeout()));
  }

  /** After a run: start the deferred fire if it is still timely, else count it skipped. */
  private void finished() {
    long next;
    synchronized (this) {
      current = null;
      next = deferredFire;
      deferredFire = -1;
      if (next < 0 || stopping) {
        state = State.IDLE;
        if (next >= 0) {
          metrics.taskRun(task.id(), Outcome.CANCELLED.label());
        }
        return;
      }
      if (clock.millis() - next > tolerance.toMillis()) {
        state = State.IDLE;
        next = -2;
      } else {
        state = State.QUEUED;
      }
    }
    if (next == -2) {
      skipped(Outcome.SKIPPED_OVERLAP);
    } else {
      submit(next, true);
    }
  }

  private void record(ProbeContext context, RunOutcome outcome) {
    if (outcome.outcome() == Outcome.CANCELLED) {
      metrics.taskRun(task.id(), Outcome.CANCELLED.label());
      return;
    }
    List<Sample> samples = new ArrayList<>(outcome.result().samples());
    samples.add(context.gauge("device_status", outcome.result().success() ? 1 : 0));
    try {
      buffer.append(samples);
    } catch (UncheckedIOException e) { // e.g. the spool's disk is full
      metrics.dropped("all", "spool_write_error", samples.size());
      long suppressed = throttle.admit("spool-write");
      if (suppressed >= 0) {
        logger
            .atError()
            .setMessage("Cannot write samples to the spool: " + e.getMessage())
            .addKeyValue("task_id", task.id())
            .addKeyValue("dropped", samples.size())
            .addKeyValue("suppressed", suppressed)
            .log();
      }
      metrics.taskRun(task.id(), outcome.outcome().label());
      return;
    }
    metrics.collected(samples.size());
    metrics.taskRun(task.id(), outcome.outcome().label());
    // A probe that remembers its series itself keeps them; only device_status is kept here then.
    lastSamples =
        probe.keepsSeries()
            ? List.of(samples.get(samples.size() - 1))
            : SeriesList.of(samples, lastSamples);
    markReplaced(samples);
    report(outcome, samples.size());
    tell(outcome.outcome(), outcome.duration().toMillis(), outcome.result().error(), samples);
  }

  private void tell(Outcome outcome, long durationMs, String error, List<Sample> samples) {
    if (listener == null) {
      return;
    }
    try {
      listener.runEnded(
          task, clock.millis(), outcome.label(), durationMs, error == null ? "" : error, samples);
    } catch (RuntimeException e) {
      logger.atWarn().setMessage("Run listener failed").setCause(e).log();
    }
  }

  /**
   * After the first run of a task that replaced another: the old series this run did not produce
   * have ended.
   */
  private void markReplaced(List<Sample> produced) {
    List<Sample> old;
    synchronized (this) {
      old = replaced;
      replaced = null;
    }
    if (old == null || old.isEmpty()) {
      return;
    }
    java.util.Set<Series> now = new java.util.HashSet<>();
    for (Sample s : produced) {
      now.add(new Series(s.name(), s.labels()));
    }
    List<Sample> ended = new ArrayList<>();
    for (Sample s : old) {
      if (!now.contains(new Series(s.name(), s.labels()))) {
        ended.add(s);
      }
    }
    appendMarkers(ended);
  }

  /** The series this task's last run produced, carried over to the task that replaces it. */
  List<Sample> lastSamples() {
    if (!probe.keepsSeries()) {
      return lastSamples;
    }
    List<Sample> all = new ArrayList<>(probe.lastSeries());
    all.addAll(lastSamples);
    return all;
  }

  /** This task replaces one whose last run produced {@code samples}. */
  synchronized void replaces(List<Sample> samples) {
    replaced = samples;
  }

  /** Staleness markers (now) for every series of the last run: the task was removed. */
  void markAllStale() {
    appendMarkers(lastSamples());
    lastSamples = List.of();
  }

  private void appendMarkers(List<Sample> ended) {
    if (ended.isEmpty()) {
      return;
    }
    long now = clock.millis();
    List<Sample> markers = new ArrayList<>(ended.size());
    java.util.Set<Series> seen = new java.util.HashSet<>();
    for (Sample s : ended) {
      if (seen.add(new Series(s.name(), s.labels()))) {
        markers.add(
            Sample.staleMarker(s.name(), s.labels(), Math.max(now, s.timestampMs() + 1), s.kind()));
      }
    }
    try {
      buffer.append(markers);
      metrics.staleMarkers(markers.size());
      logger
          .atDebug()
          .setMessage("Staleness markers")
          .addKeyValue("task_id", task.id())
          .addKeyValue("series", markers.size())
          .log();
    } catch (UncheckedIOException | IllegalStateException e) {
      logger
          .atWarn()
          .setMessage("Cannot write staleness markers: " + e.getMessage())
          .addKeyValue("task_id", task.id())
          .log();
    }
  }

  private record Series(String name, Labels labels) {}

  /** Whether no run is queued or going, waiting until {@code deadlineNanos} (System.nanoTime). */
  boolean awaitIdle(long deadlineNanos) {
    while (true) {
      synchronized (this) {
        if (state == State.IDLE) {
          return true;
        }
      }
      if (System.nanoTime() >= deadlineNanos) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  TaskConfig task() {
    return task;
  }

  Probe probe() {
    return probe;
  }

  private void cancelled() {
    synchronized (this) {
      state = State.IDLE;
      deferredFire = -1;
    }
    metrics.taskRun(task.id(), Outcome.CANCELLED.label());
  }

  /** Shutdown: no more runs start; a deferred fire is dropped when the run in progress ends. */
  synchronized void stop() {
    stopping = true;
  }

  /**
   * Shutdown, after the grace for runs in progress: interrupt this task's run and drop its result.
   */
  void cancelRunning() {
    RunExecution run;
    synchronized (this) {
      run = current;
    }
    if (run != null) {
      run.cancel();
    }
  }

  private void skipped(Outcome outcome) {
    metrics.taskRun(task.id(), outcome.label());
    tell(outcome, 0, "", List.of());
    warn(
        outcome.label() + ":" + task.id(),
        outcome == Outcome.SKIPPED_OVERLAP
            ? "Task run skipped: the previous run is still going"
            : "Task run skipped: the previous run is still waiting for a free worker"
                + " (collector.worker_pool_size "
                + poolSize
                + ")");
  }

  private void warn(String key, String message, Object... fields) {
    long suppressed = throttle.admit(key);
    if (suppressed < 0) {
      return;
    }
    var line = logger.atWarn().setMessage(message).addKeyValue("task_id", task.id());
    for (int i = 0; i + 1 < fields.length; i += 2) {
      line = line.addKeyValue((String) fields[i], fields[i + 1]);
    }
    line.addKeyValue("suppressed", suppressed).log();
  }

  private void report(RunOutcome outcome, int samples) {
    boolean success = outcome.result().success();
    Boolean previous = lastSuccess;
    lastSuccess = success;
    if (outcome.outcome() == Outcome.TIMEOUT || outcome.outcome() == Outcome.ERROR) {
      warn(
          "run:" + task.id(),
          "Task run failed",
          "outcome",
          outcome.outcome().label(),
          "error",
          outcome.result().error());
    }
    if (outcome.outcome() != Outcome.ERROR && (previous == null || previous != success)) {
      var line =
          logger
              .atInfo()
              .setMessage(success ? "Target up" : "Target down")
              .addKeyValue("task_id", task.id())
              .addKeyValue("device_id", task.deviceId());
      if (!success) {
        line = line.addKeyValue("error", outcome.result().error());
      }
      line.log();
    }
    logger
        .atDebug()
        .setMessage("Task run")
        .addKeyValue("task_id", task.id())
        .addKeyValue("outcome", outcome.outcome().label())
        .addKeyValue("duration_ms", outcome.duration().toMillis())
        .addKeyValue("samples", samples)
        .log();
  }
}
