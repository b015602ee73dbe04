package dev.sentinel.core.engine;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Sample;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when one destination gets data: every flush it sends batches from its own buffer reader
 * until the backlog is drained or a batch fails. A batch worth retrying stays in the buffer and
 * goes again on the next flush; a rejected batch is dropped and counted.
 */
public final class SenderLoop {
  private static final Logger logger = LoggerFactory.getLogger(SenderLoop.class);

  private final Destination destination;
  private final Buffer.Reader reader;
  private final int batchSize;
  private final SelfMetrics metrics;
  private final LogThrottle throttle;
  private final AtomicLong success = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final Summary summary = new Summary();

  public SenderLoop(
      Destination destination, Buffer.Reader reader, int batchSize, SelfMetrics metrics, LogThrottle throttle) {
    this.destination = destination;
    this.reader = reader;
    this.batchSize = batchSize;
    this.metrics = metrics;
    this.throttle = throttle;
  }

  public String name() {
    return destination.name();
  }

  /**
   * Sends until the buffer is empty for this destination, a batch must wait for a retry, or
   * {@code deadlineNanos} (System.nanoTime) passes. Returns true when nothing is left pending.
   */
  public boolean flush(long deadlineNanos) {
    int sentNow = 0;
    int failedNow = 0;
    while (System.nanoTime() < deadlineNanos && !Thread.currentThread().isInterrupted()) {
      List<Sample> batch = reader.peek(batchSize);
      if (batch.isEmpty()) {
        break;
      }
      SendResult result = destination.send(batch);
      int n = batch.size();
      if (result.delivered()) {
        reader.ack(n);
        success.addAndGet(n);
        metrics.sent(name(), n);
        sentNow += n;
        continue;
      }
      failed.addAndGet(n);
      metrics.failed(name(), n);
      failedNow += n;
      if (result.status() == SendResult.Status.REJECTED) {
        reader.ack(n);
        rejected.addAndGet(n);
        metrics.dropped(name(), "rejected", n);
        warn(result.reason() + " (batch of " + n + " samples dropped)");
        continue;
      }
      warn(result.reason() + " (will retry)");
      break;
    }
    summary.record(sentNow, failedNow);
    return reader.pending() == 0;
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
    return rejected.get() + reader.dropped();
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
