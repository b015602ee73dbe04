package dev.sentinel.core.engine;

import dev.sentinel.core.config.Durations;
import dev.sentinel.core.engine.TaskRunner.RunOutcome;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a probe on a pool thread with a hard deadline. On timeout the thread is interrupted and
 * the run counts as failed; a probe that ignores the interrupt keeps {@code busy} set until it
 * really ends, so the task's next run is skipped rather than doubled. Used by the daemon and by
 * {@code sentinel trigger}, so both treat a probe the same way.
 */
public final class ProbeExecution {
  private ProbeExecution() {}

  public static RunOutcome execute(
      Probe probe, ProbeContext context, ExecutorService pool, AtomicBoolean busy) {
    long start = System.nanoTime();
    Future<ProbeResult> future;
    try {
      future =
          pool.submit(
              () -> {
                try {
                  return probe.run(context);
                } finally {
                  busy.set(false);
                }
              });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      busy.set(false);
      return outcome("error", ProbeResult.failure("shutting down", List.of()), start);
    }
    try {
      ProbeResult result = future.get(context.timeout().toNanos(), TimeUnit.NANOSECONDS);
      return outcome(result.success() ? "success" : "failure", result, start);
    } catch (TimeoutException e) {
      future.cancel(true);
      return outcome(
          "timeout",
          ProbeResult.failure("timed out after " + Durations.format(context.timeout()), List.of()),
          start);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
      return outcome("error", ProbeResult.failure("probe failed: " + message, List.of()), start);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return outcome("error", ProbeResult.failure("interrupted", List.of()), start);
    }
  }

  private static RunOutcome outcome(String kind, ProbeResult result, long start) {
    return new RunOutcome(kind, result, Duration.ofNanos(System.nanoTime() - start));
  }
}
