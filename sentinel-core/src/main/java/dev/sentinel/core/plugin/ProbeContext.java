package dev.sentinel.core.plugin;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.time.Clock;
import java.time.Duration;

/**
 * What a probe gets for one run: the labels every sample carries (task and identity), the time
 * budget, a clock, and a listener for human-readable progress ({@code sentinel trigger} prints it;
 * the daemon ignores it).
 */
public final class ProbeContext {
  /** Receives progress lines as they happen (e.g. one per ping reply). */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = line -> {};

    void line(String text);

    /**
     * The line that says why this run failed, in the plugin's words; the run's {@link
     * ProbeResult#error()} says the same. An ordinary line unless the receiver states the failure
     * itself: {@code sentinel trigger} ends every failed run with {@code FAILED: <error>} and
     * leaves this out, so the reason is printed once, the same way for every plugin.
     */
    default void failure(String text) {
      line(text);
    }
  }

  /**
   * Counts samples a probe measured but discards by a policy of its own (e.g. a scrape over its
   * {@code sample_limit}): the daemon adds them to {@code sentinel_samples_dropped_total} with
   * destination {@code all} and the given reason.
   */
  @FunctionalInterface
  public interface DropCounter {
    DropCounter NONE = (reason, n) -> {};

    void dropped(String reason, long n);
  }

  private final Labels baseLabels;
  private final Duration timeout;
  private final Clock clock;
  private final Listener listener;
  private final DropCounter drops;

  public ProbeContext(Labels baseLabels, Duration timeout, Clock clock, Listener listener) {
    this(baseLabels, timeout, clock, listener, DropCounter.NONE);
  }

  public ProbeContext(
      Labels baseLabels, Duration timeout, Clock clock, Listener listener, DropCounter drops) {
    this.baseLabels = baseLabels;
    this.timeout = timeout;
    this.clock = clock;
    this.listener = listener;
    this.drops = drops;
  }

  /** Counts {@code n} samples this run discards by its own policy ({@link DropCounter}). */
  public void dropped(String reason, long n) {
    if (n > 0) {
      drops.dropped(reason, n);
    }
  }

  public Labels baseLabels() {
    return baseLabels;
  }

  /** The hard limit for this run; the runner interrupts the probe when it is over. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * How long the probe may measure: its own deadline. Giving up by then leaves time to return the
   * failure samples before the runner's hard {@link #timeout()} ({@link RunBudget}).
   */
  public Duration budget() {
    return RunBudget.of(timeout);
  }

  public Clock clock() {
    return clock;
  }

  public Listener listener() {
    return listener;
  }

  /**
   * The same context for one of several devices a probe measures in one run (e.g. a ping task with
   * many targets): its samples carry {@code device_id=deviceId} instead of the task's.
   */
  public ProbeContext forDevice(String deviceId) {
    return new ProbeContext(
        baseLabels.with("device_id", deviceId), timeout, clock, listener, drops);
  }

  /** The same context with {@code labels} (name/value pairs) added to every sample it makes. */
  public ProbeContext withLabels(String... labels) {
    return new ProbeContext(baseLabels.merge(Labels.of(labels)), timeout, clock, listener, drops);
  }

  /** A gauge stamped now, carrying the base labels plus {@code labels} (name/value pairs). */
  public Sample gauge(String name, double value, String... labels) {
    return new Sample(name, labels(labels), value, clock.millis(), Sample.Kind.GAUGE);
  }

  public Sample counter(String name, double value, String... labels) {
    return new Sample(name, labels(labels), value, clock.millis(), Sample.Kind.COUNTER);
  }

  /** The base labels plus {@code extra}; the base labels' own object when there are none. */
  private Labels labels(String... extra) {
    return extra.length == 0 ? baseLabels : baseLabels.merge(Labels.of(extra));
  }
}
