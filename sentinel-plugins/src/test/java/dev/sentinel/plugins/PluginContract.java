package dev.sentinel.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeResult;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BasicPluginContract} plus the rules for probes that wait on the network: a run stops
 * promptly when interrupted (the task timeout), and refuses to start on an interrupted thread.
 * Extend it once per plugin ({@code PingPluginContractTest}).
 */
public abstract class PluginContract extends BasicPluginContract {
  /** A target whose run takes several seconds (to be interrupted), without leaving the machine. */
  protected abstract Setup slowTarget();

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void runStopsPromptlyWhenInterrupted() throws Exception {
    Setup setup = slowTarget();
    Probe probe = create(setup.plugin(), setup.options(), new Problems(SOURCE));
    AtomicReference<Object> outcome = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread runner =
        new Thread(
            () -> {
              try {
                outcome.set(probe.run(context(new CopyOnWriteArrayList<>())));
                flagKept.set(Thread.currentThread().isInterrupted());
              } catch (Throwable t) {
                outcome.set(t);
              }
            },
            "contract-runner");
    runner.start();
    Thread.sleep(300);
    long interruptedAt = System.nanoTime();
    runner.interrupt();
    runner.join(5_000);

    assertThat(runner.isAlive()).as("still running 5s after the interrupt").isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt))
        .isLessThan(Duration.ofSeconds(3));
    // Either it gives up (InterruptedException), or it returns what it measured so far and leaves
    // the interrupt flag set, so the runner still reports the run as cut off.
    if (outcome.get() instanceof ProbeResult) {
      assertThat(flagKept).as("a probe returning after an interrupt keeps the flag set").isTrue();
    } else {
      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }
  }

  @Test
  void runOnAnInterruptedThreadThrows() {
    Setup setup = slowTarget();
    Probe probe = create(setup.plugin(), setup.options(), new Problems(SOURCE));
    Thread.currentThread().interrupt();
    try {
      Assertions.assertThatThrownBy(() -> probe.run(context(new CopyOnWriteArrayList<>())))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }
}
