package dev.sentinel.core.engine;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One run of a probe on the calling thread, bounded by the context's timeout. At the timeout the
 * {@link Watchdog} interrupts the thread; a probe that then returns what it measured keeps those
 * samples (outcome {@link Outcome#TIMEOUT}). A probe that has not returned {@link #GRACE} after the
 * interrupt is abandoned: the {@code onAbandon} callback reports the timeout at once while the
 * thread stays with the stuck probe. {@link #cancel()} (shutdown) makes the run {@link
 * Outcome#CANCELLED}: whatever it measured is dropped, as it says nothing about the target. Used by
 * the daemon and by {@code sentinel trigger}, so both treat a probe the same way.
 */
public final class RunExecution {
  /** How long a probe has after the interrupt to return what it measured. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private enum State {
    RUNNING,
    TIMED_OUT,
    ABANDONED,
    CANCELLED,
    DONE
  }

  private final Probe probe;
  private final ProbeContext context;
  private final Watchdog watchdog;
  private final Runnable onAbandon;
  private Thread thread;
  private State state = State.RUNNING;
  private boolean abandoned;

  public RunExecution(Probe probe, ProbeContext context, Watchdog watchdog, Runnable onAbandon) {
    this.probe = probe;
    this.context = context;
    this.watchdog = watchdog;
    this.onAbandon = onAbandon;
  }

  /** Runs the probe on this thread; the outcome is the run's, or CANCELLED. */
  public RunOutcome execute() {
    synchronized (this) {
      thread = Thread.currentThread();
      if (state == State.CANCELLED) {
        return new RunOutcome(
            Outcome.CANCELLED, ProbeResult.failure("cancelled", List.of()), Duration.ZERO);
      }
    }
    long start = System.nanoTime();
    ScheduledFuture<?> cutOff = watchdog.after(context.timeout(), this::timeUp);
    ProbeResult result = null;
    Throwable thrown = null;
    try {
      result = probe.run(context);
    } catch (InterruptedException e) {
      // the watchdog or a shutdown interrupted it; the state below says which
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) { // a plugin's bug costs this run only
      thrown = e;
    } finally {
      cutOff.cancel(false);
    }
    State end;
    synchronized (this) {
      end = state;
      state = State.DONE;
      Thread.interrupted(); // an interrupt meant for this run must not reach the thread's next work
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return switch (end) {
      case RUNNING -> finished(result, thrown, took);
      case TIMED_OUT, ABANDONED ->
          new RunOutcome(
              Outcome.TIMEOUT,
              timedOut(context.timeout(), result == null ? List.of() : result.samples()),
              took);
      default ->
          new RunOutcome(Outcome.CANCELLED, ProbeResult.failure("cancelled", List.of()), took);
    };
  }

  private static RunOutcome finished(ProbeResult result, Throwable thrown, Duration took) {
    if (result != null) {
      return new RunOutcome(result.success() ? Outcome.SUCCESS : Outcome.FAILURE, result, took);
    }
    String error =
        thrown == null
            ? "interrupted"
            : "probe failed: "
                + thrown.getClass().getSimpleName()
                + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
    return new RunOutcome(Outcome.ERROR, ProbeResult.failure(error, List.of()), took);
  }

  /** The result of a run cut off at {@code timeout}, with what it had measured by then. */
  static ProbeResult timedOut(Duration timeout, List<Sample> measured) {
    return ProbeResult.failure("timed out after " + Durations.format(timeout), measured);
  }

  /**
   * The outcome reported for a run abandoned at its timeout (its probe still holds whatever it
   * measured).
   */
  static RunOutcome abandonedOutcome(Duration timeout) {
    return new RunOutcome(
        Outcome.TIMEOUT,
        ProbeResult.failure(
            "timed out after " + Durations.format(timeout) + " (the probe did not stop)",
            List.of()),
        timeout.plus(GRACE));
  }

  /**
   * For one-shot commands: runs the probe on a daemon thread and returns its outcome when the run
   * ends, or when it is abandoned at its timeout.
   */
  public static RunOutcome once(Probe probe, ProbeContext context, Watchdog watchdog) {
    CompletableFuture<RunOutcome> done = new CompletableFuture<>();
    RunExecution run =
        new RunExecution(
            probe, context, watchdog, () -> done.complete(abandonedOutcome(context.timeout())));
    Thread thread = new Thread(() -> done.complete(run.execute()), "probe");
    thread.setDaemon(true);
    thread.start();
    return done.join();
  }

  /** Whether the run was given up on while its probe was stuck (its timeout was reported then). */
  public synchronized boolean abandoned() {
    return abandoned;
  }

  private synchronized void timeUp() {
    if (state == State.RUNNING) {
      state = State.TIMED_OUT;
      thread.interrupt();
      watchdog.after(GRACE, this::abandonIfStuck);
    }
  }

  private void abandonIfStuck() {
    synchronized (this) {
      if (state != State.TIMED_OUT) {
        return;
      }
      state = State.ABANDONED;
      abandoned = true;
    }
    onAbandon.run();
  }

  /**
   * Shutdown: interrupt the run and drop its result; a no-op once it has ended or been abandoned.
   */
  public synchronized void cancel() {
    if (state == State.RUNNING || state == State.TIMED_OUT) {
      state = State.CANCELLED;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }
}
