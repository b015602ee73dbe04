package dev.sentinel.core.engine;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.RetryPolicy;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one destination's data: each {@link #flush} sends batches from the destination's own buffer
 * reader until the backlog is drained or a batch fails. One request at a time, in buffer order, so
 * every series stays in time order. A batch worth retrying stays in the buffer, and the flush says
 * when to try again (the retry policy's backoff, or the receiver's Retry-After); a rejected batch
 * is dropped and counted. Samples older than the destination's {@code max_sample_age}, or stamped
 * ahead of the clock, are dropped and counted instead of sent. When to flush is the {@link
 * Engine}'s decision: every flush interval, or sooner or later as a failed flush asks.
 */
public final class SenderLoop {
  private static final Logger logger = LoggerFactory.getLogger(SenderLoop.class);

  /** How this destination is fed; {@code maxSampleAge} zero means no limit. */
  public record Settings(
      int batchSize, long maxBatchBytes, Duration maxSampleAge, RetryPolicy retry) {
    public static Settings of(int batchSize) {
      return new Settings(batchSize, 4L << 20, Duration.ZERO, RetryPolicy.DEFAULT);
    }
  }

  /** What a flush came to: everything sent, or when to try again. */
  public record Flush(boolean drained, Duration retryIn) {}

  private final Destination destination;
  private final Buffer.Reader reader;
  private final Settings settings;
  private final SelfMetrics metrics;
  private final LogThrottle throttle;
  private final Clock clock;
  private final AtomicLong success = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();
  private final AtomicLong oldestUnsentMs = new AtomicLong(-1);
  private final AtomicLong lastSuccessMs = new AtomicLong(-1);
  private final Summary summary = new Summary();
  private int consecutiveFailures;

  /** When the current run of failed attempts began (-1: the last attempt did not fail), and why. */
  private volatile long failingSinceMs = -1;

  private volatile String lastError = "";

  public SenderLoop(
      Destination destination,
      Buffer.Reader reader,
      int batchSize,
      SelfMetrics metrics,
      LogThrottle throttle) {
    this(destination, reader, Settings.of(batchSize), metrics, throttle, Clock.systemUTC());
  }

  public SenderLoop(
      Destination destination,
      Buffer.Reader reader,
      Settings settings,
      SelfMetrics metrics,
      LogThrottle throttle,
      Clock clock) {
    this.destination = destination;
    this.reader = reader;
    this.settings = settings;
    this.metrics = metrics;
    this.throttle = throttle;
    this.clock = clock;
  }

  public String name() {
    return destination.name();
  }

  /**
   * Sends until the buffer is empty for this destination, a batch must wait for a retry, or {@code
   * deadlineNanos} (System.nanoTime) passes.
   */
  public Flush flush(long deadlineNanos) {
    int sentNow = 0;
    int failedNow = 0;
    Duration retryIn = null;
    while (System.nanoTime() < deadlineNanos && !Thread.currentThread().isInterrupted()) {
      List<Sample> peeked = reader.peek(settings.batchSize());
      if (peeked.isEmpty()) {
        break;
      }
      int n = withinByteLimit(peeked);
      // The whole peek as a rule (a sublist would check for modification at every get)
      List<Sample> fitting = n == peeked.size() ? peeked : peeked.subList(0, n);
      List<Sample> batch = sendable(fitting);
      int unsendable = n - batch.size();
      SendResult result = batch.isEmpty() ? SendResult.DELIVERED : destination.send(batch);
      if (result.status() == SendResult.Status.RETRY) {
        failed.addAndGet(batch.size());
        metrics.failed(name(), batch.size());
        metrics.retried(name());
        failedNow += batch.size();
        consecutiveFailures++;
        retryIn =
            settings
                .retry()
                .backoff(
                    consecutiveFailures,
                    result.retryAfter(),
                    ThreadLocalRandom.current()::nextDouble);
        warn(result.reason() + " (retrying in " + retryIn.toMillis() + " ms)");
        lastError = result.reason();
        if (failingSinceMs < 0) {
          failingSinceMs = clock.millis();
        }
        break;
      }
      recovered();
      consecutiveFailures = 0;
      reader.ack(n);
      countUnsendable(fitting, unsendable);
      if (result.delivered()) {
        lastSuccessMs.set(clock.millis());
        success.addAndGet(batch.size());
        metrics.sent(name(), batch.size());
        sentNow += batch.size();
      } else {
        failed.addAndGet(batch.size());
        metrics.failed(name(), batch.size());
        failedNow += batch.size();
        rejected.addAndGet(batch.size());
        metrics.dropped(name(), "rejected", batch.size());
        warn(result.reason() + " (batch of " + batch.size() + " samples dropped)");
      }
    }
    List<Sample> head = reader.peek(1);
    oldestUnsentMs.set(head.isEmpty() ? -1 : head.get(0).timestampMs());
    summary.record(sentNow, failedNow);
    return new Flush(reader.pending() == 0, retryIn);
  }

  /** How many of {@code peeked} fit the byte limit (at least one). */
  private int withinByteLimit(List<Sample> peeked) {
    long bytes = 0;
    Labels last = null; // a probe's samples of one target share a label set: size it once
    long labelBytes = 0;
    for (int i = 0; i < peeked.size(); i++) {
      Sample s = peeked.get(i);
      if (s.labels() != last) {
        last = s.labels();
        labelBytes = estimatedBytes(last);
      }
      bytes += estimatedBytes(s.name(), labelBytes);
      if (bytes > settings.maxBatchBytes() && i > 0) {
        return i;
      }
    }
    return peeked.size();
  }

  /** Roughly what a sample costs in an uncompressed remote-write request. */
  static long estimatedBytes(Sample s) {
    return estimatedBytes(s.name(), estimatedBytes(s.labels()));
  }

  /** A sample of {@code name} whose label fields come to {@code labelBytes}. */
  private static long estimatedBytes(String name, long labelBytes) {
    return 24 + name.length() + labelBytes;
  }

  private static long estimatedBytes(Labels l) {
    long n = 0;
    for (int i = 0; i < l.size(); i++) {
      n += 6 + l.name(i).length() + l.value(i).length();
    }
    return n;
  }

  /** The samples worth sending: not older than max_sample_age, not ahead of the clock. */
  private List<Sample> sendable(List<Sample> samples) {
    long now = clock.millis();
    long oldest =
        settings.maxSampleAge().isZero()
            ? Long.MIN_VALUE
            : now - settings.maxSampleAge().toMillis();
    List<Sample> out = null;
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      boolean ok = s.timestampMs() >= oldest && s.timestampMs() <= now;
      if (!ok && out == null) {
        out = new ArrayList<>(samples.subList(0, i));
      } else if (ok && out != null) {
        out.add(s);
      }
    }
    return out == null ? samples : out;
  }

  private void countUnsendable(List<Sample> acked, int count) {
    if (count == 0) {
      return;
    }
    long now = clock.millis();
    long tooOld =
        acked.stream()
            .filter(
                s ->
                    s.timestampMs() < now
                        && !settings.maxSampleAge().isZero()
                        && s.timestampMs() < now - settings.maxSampleAge().toMillis())
            .count();
    long future = count - tooOld;
    discarded.addAndGet(count);
    if (tooOld > 0) {
      metrics.dropped(name(), "too_old", tooOld);
      warnDropped("too_old", tooOld, "older than max_sample_age " + settings.maxSampleAge());
    }
    if (future > 0) {
      metrics.dropped(name(), "future_timestamp", future);
      warnDropped(
          "future_timestamp", future, "stamped ahead of the clock (did the clock step back?)");
    }
  }

  private void warnDropped(String reason, long count, String why) {
    long suppressed = throttle.admit("discard:" + reason + ":" + name());
    if (suppressed >= 0) {
      logger
          .atWarn()
          .setMessage("Samples dropped before sending: " + why)
          .addKeyValue("destination", name())
          .addKeyValue("reason", reason)
          .addKeyValue("dropped", count)
          .addKeyValue("suppressed", suppressed)
          .log();
    }
  }

  /** Logs once when a destination whose attempts failed takes a batch again. */
  private void recovered() {
    long since = failingSinceMs;
    if (since < 0) {
      return;
    }
    failingSinceMs = -1;
    logger
        .atInfo()
        .setMessage("Destination recovered")
        .addKeyValue("destination", name())
        .addKeyValue("failed_for_ms", Math.max(0, clock.millis() - since))
        .addKeyValue("failed_attempts", consecutiveFailures)
        .log();
  }

  /** When a batch was last delivered (ms since the epoch), or -1 if none has been yet. */
  public long lastSuccessMillis() {
    return lastSuccessMs.get();
  }

  /**
   * Since when the destination's attempts have failed (ms since the epoch), or -1 if the last one
   * did not.
   */
  public long failingSinceMillis() {
    return failingSinceMs;
  }

  /** Why the last failed attempt failed (empty if none has). */
  public String lastError() {
    return lastError;
  }

  /** Age in seconds of the oldest sample not yet delivered (0 when none), as of the last flush. */
  public double oldestUnsentAgeSeconds() {
    long t = oldestUnsentMs.get();
    return t < 0 ? 0 : Math.max(0, clock.millis() - t) / 1000.0;
  }

  private void warn(String reason) {
    long suppressed = throttle.admit("send:" + name());
    if (suppressed >= 0) {
      logger
          .atWarn()
          .setMessage("Failed to write to " + name() + ": " + reason)
          .addKeyValue("destination", name())
          .addKeyValue("suppressed", suppressed)
          .log();
    }
  }

  public long successCount() {
    return success.get();
  }

  public long failedCount() {
    return failed.get();
  }

  public long droppedCount() {
    return rejected.get() + discarded.get() + reader.dropped();
  }

  public long pendingCount() {
    return reader.pending();
  }

  /** Logs the final counts (the line users grep for). */
  public void logStopped() {
    logger
        .atInfo()
        .setMessage("Sender stopped")
        .addKeyValue("destination", name())
        .addKeyValue("success_count", successCount())
        .addKeyValue("failed_count", failedCount())
        .addKeyValue("dropped_count", droppedCount())
        .addKeyValue("pending_count", pendingCount())
        .log();
  }

  /** A DEBUG line per flush that did something, an INFO line per minute. */
  private final class Summary {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private long windowStart = System.nanoTime();
    private long sent;
    private long failedInWindow;
    private long droppedAtStart;

    void record(int sentNow, int failedNow) {
      if (sentNow + failedNow > 0) {
        logger
            .atDebug()
            .setMessage("Flushed")
            .addKeyValue("destination", name())
            .addKeyValue("sent", sentNow)
            .addKeyValue("failed", failedNow)
            .addKeyValue("pending", reader.pending())
            .log();
      }
      sent += sentNow;
      failedInWindow += failedNow;
      long now = System.nanoTime();
      if (now - windowStart >= MINUTE) {
        long dropped = droppedCount();
        logger
            .atInfo()
            .setMessage("Sender summary")
            .addKeyValue("destination", name())
            .addKeyValue("sent", sent)
            .addKeyValue("failed", failedInWindow)
            .addKeyValue("dropped", dropped - droppedAtStart)
            .addKeyValue("pending", reader.pending())
            .log();
        windowStart = now;
        sent = 0;
        failedInWindow = 0;
        droppedAtStart = dropped;
      }
    }
  }
}
