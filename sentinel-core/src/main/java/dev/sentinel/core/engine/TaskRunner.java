package dev.sentinel.core.engine;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task when the scheduler fires: never two runs at once (a run that would overlap is
 * skipped and counted), the probe bounded by the task's timeout, everything a probe throws caught,
 * then the samples plus {@code device_status} go into the buffer.
 */
public final class TaskRunner implements Runnable, java.util.function.LongConsumer {
  private static final Logger logger = LoggerFactory.getLogger(TaskRunner.class);

  private final TaskConfig task;
  private final Labels baseLabels;
  private final Buffer buffer;
  private final SelfMetrics metrics;
  private final ExecutorService probes;
  private final Clock clock;
  private final LogThrottle throttle;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Boolean lastSuccess;

  public TaskRunner(
      TaskConfig task,
      Labels identity,
      Buffer buffer,
      SelfMetrics metrics,
      ExecutorService probes,
      Clock clock,
      LogThrottle throttle) {
    this.task = task;
    this.baseLabels = task.taskLabels().merge(identity);
    this.buffer = buffer;
    this.metrics = metrics;
    this.probes = probes;
    this.clock = clock;
    this.throttle = throttle;
  }

  /** Runs now, as if scheduled now. */
  @Override
  public void run() {
    accept(clock.millis());
  }

  /** Runs for the fire scheduled at {@code scheduledMillis}, recording how late it started. */
  @Override
  public void accept(long scheduledMillis) {
    metrics.scheduleLag(Math.max(0, clock.millis() - scheduledMillis) / 1000.0);
    if (!running.compareAndSet(false, true)) {
      metrics.taskRun(task.id(), "skipped_overlap");
      long suppressed = throttle.admit("overlap:" + task.id());
      if (suppressed >= 0) {
        logger
            .atWarn()
            .setMessage("Task run skipped: the previous run is still going")
            .addKeyValue("task_id", task.id())
            .addKeyValue("suppressed", suppressed)
            .log();
      }
      return;
    }
    ProbeContext context = new ProbeContext(baseLabels, task.timeout(), clock, ProbeContext.Listener.NONE);
    RunOutcome outcome = ProbeExecution.execute(task.probe(), context, probes, running);
    List<Sample> samples = new ArrayList<>(outcome.result().samples());
    samples.add(context.gauge("device_status", outcome.result().success() ? 1 : 0));
    try {
      buffer.append(samples);
    } catch (java.io.UncheckedIOException e) { // e.g. the spool's disk is full
      metrics.dropped("all", "spool_write_error", samples.size());
      long suppressed = throttle.admit("spool-write");
      if (suppressed >= 0) {
        logger.atError().setMessage("Cannot write samples to the spool: " + e.getMessage())
            .addKeyValue("task_id", task.id()).addKeyValue("dropped", samples.size())
            .addKeyValue("suppressed", suppressed).log();
      }
      metrics.taskRun(task.id(), outcome.kind());
      return;
    }
    metrics.collected(samples.size());
    metrics.taskRun(task.id(), outcome.kind());
    report(outcome, samples.size());
  }

  private void report(RunOutcome outcome, int samples) {
    boolean success = outcome.result().success();
    Boolean previous = lastSuccess;
    lastSuccess = success;
    if (outcome.kind().equals("timeout") || outcome.kind().equals("error")) {
      long suppressed = throttle.admit("run:" + task.id());
      if (suppressed >= 0) {
        logger
            .atWarn()
            .setMessage("Task run failed")
            .addKeyValue("task_id", task.id())
            .addKeyValue("outcome", outcome.kind())
            .addKeyValue("error", outcome.result().error())
            .addKeyValue("suppressed", suppressed)
            .log();
      }
    } else if (previous == null || previous != success) {
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
        .addKeyValue("outcome", outcome.kind())
        .addKeyValue("duration_ms", outcome.duration().toMillis())
        .addKeyValue("samples", samples)
        .log();
  }

  /** What one run came to; {@code kind} is success, failure, timeout or error. */
  public record RunOutcome(String kind, dev.sentinel.core.plugin.ProbeResult result, Duration duration) {}
}
