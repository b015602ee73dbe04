package dev.sentinel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.buffer.MemoryBuffer;
import dev.sentinel.core.destination.RetryPolicy;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.testing.FakeDestinationProvider.Recording;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SenderLoopTest {
  private final SelfMetrics metrics = new SelfMetrics("test");
  private final MemoryBuffer buffer = new MemoryBuffer(100, (d, reason, n) -> {});
  private final Recording vm = new Recording("vm");
  private final Recording prom = new Recording("prom");
  private final SenderLoop vmLoop = loop(vm);
  private final SenderLoop promLoop = loop(prom);

  private SenderLoop loop(Recording d) {
    return new SenderLoop(
        d, buffer.reader(d.name()), 4, metrics, new LogThrottle(Duration.ofSeconds(30)));
  }

  private void append(int n) {
    buffer.append(
        IntStream.range(0, n).mapToObj(i -> Sample.gauge("m", Labels.EMPTY, i, i)).toList());
  }

  @Test
  void drainsTheBacklogInBatches() {
    append(10);
    assertThat(vmLoop.flush(Long.MAX_VALUE).drained()).isTrue();
    assertThat(vm.batches).extracting(List::size).containsExactly(4, 4, 2);
    assertThat(vmLoop.successCount()).isEqualTo(10);
    assertThat(metrics.value("sentinel_samples_sent_total", "destination", "vm")).isEqualTo(10);
  }

  @Test
  void failedBatchIsRetriedNextFlushAndOtherDestinationIsNotHeldBack() {
    append(3);
    vm.next = SendResult.retry("HTTP 503");
    assertThat(vmLoop.flush(Long.MAX_VALUE).drained()).isFalse();
    assertThat(promLoop.flush(Long.MAX_VALUE).drained()).isTrue();
    vm.next = SendResult.DELIVERED;
    assertThat(vmLoop.flush(Long.MAX_VALUE).drained()).isTrue();
    assertThat(vm.batches).hasSize(2);
    assertThat(vm.batches.get(1)).isEqualTo(vm.batches.get(0));
    assertThat(vmLoop.failedCount()).isEqualTo(3);
    assertThat(vmLoop.successCount()).isEqualTo(3);
    assertThat(promLoop.successCount()).isEqualTo(3);
  }

  @Test
  void rejectedBatchIsDroppedAndCountedWhileLaterOnesGoThrough() {
    append(6);
    vm.next = SendResult.rejected("HTTP 400: bad");
    vmLoop.flush(Long.MAX_VALUE);
    assertThat(vmLoop.droppedCount()).isEqualTo(6);
    assertThat(
            metrics.value(
                "sentinel_samples_dropped_total", "destination", "vm", "reason", "rejected"))
        .isEqualTo(6);
    vm.next = SendResult.DELIVERED;
    append(2);
    vmLoop.flush(Long.MAX_VALUE);
    assertThat(vmLoop.successCount()).isEqualTo(2);
    assertThat(vmLoop.pendingCount()).isZero();
  }

  private final long[] now = {1_000_000};
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now[0]);
        }
      };

  private SenderLoop loop(Recording d, SenderLoop.Settings settings) {
    return new SenderLoop(
        d,
        buffer.reader(d.name()),
        settings,
        metrics,
        new LogThrottle(Duration.ofSeconds(30)),
        clock);
  }

  private void appendAt(long... timestamps) {
    buffer.append(
        Arrays.stream(timestamps).mapToObj(t -> Sample.gauge("m", Labels.EMPTY, t, t)).toList());
  }

  @Test
  void retriesBackOffExponentiallyAndHonourRetryAfter() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 2, 0);
    Recording r = new Recording("r");
    SenderLoop l = loop(r, new SenderLoop.Settings(10, 1 << 20, Duration.ZERO, policy));
    appendAt(now[0] - 10);
    r.next = SendResult.retry("HTTP 503");
    assertThat(l.flush(Long.MAX_VALUE).retryIn()).isEqualTo(Duration.ofMillis(100));
    assertThat(l.flush(Long.MAX_VALUE).retryIn()).isEqualTo(Duration.ofMillis(200));
    assertThat(l.flush(Long.MAX_VALUE).retryIn()).isEqualTo(Duration.ofMillis(400));
    assertThat(l.flush(Long.MAX_VALUE).retryIn()).isEqualTo(Duration.ofMillis(400)); // capped
    r.next = SendResult.retryAfter("HTTP 429", Duration.ofSeconds(7));
    assertThat(l.flush(Long.MAX_VALUE).retryIn()).isEqualTo(Duration.ofSeconds(7));
    assertThat(metrics.value("sentinel_sender_retries_total", "destination", "r")).isEqualTo(5);
    r.next = SendResult.DELIVERED;
    SenderLoop.Flush f = l.flush(Long.MAX_VALUE);
    assertThat(f.drained()).isTrue();
    assertThat(f.retryIn()).isNull();
    r.next = SendResult.retry("again");
    appendAt(now[0] - 5);
    assertThat(l.flush(Long.MAX_VALUE).retryIn())
        .as("backoff restarts after a success")
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void samplesOlderThanMaxAgeOrAheadOfTheClockAreDroppedAndCounted() {
    Recording r = new Recording("prom");
    SenderLoop l =
        loop(r, new SenderLoop.Settings(100, 1 << 20, Duration.ofMinutes(60), RetryPolicy.DEFAULT));
    appendAt(now[0] - 3_700_000, now[0] - 1000, now[0] + 5000, now[0]);
    assertThat(l.flush(Long.MAX_VALUE).drained()).isTrue();
    assertThat(r.batches)
        .singleElement()
        .satisfies(
            b ->
                assertThat(b)
                    .extracting(Sample::timestampMs)
                    .containsExactly(now[0] - 1000, now[0]));
    assertThat(
            metrics.value(
                "sentinel_samples_dropped_total", "destination", "prom", "reason", "too_old"))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "sentinel_samples_dropped_total",
                "destination",
                "prom",
                "reason",
                "future_timestamp"))
        .isEqualTo(1);
    assertThat(l.droppedCount()).isEqualTo(2);
    assertThat(l.successCount()).isEqualTo(2);
  }

  @Test
  void batchesRespectTheByteLimit() {
    Recording r = new Recording("vm");
    long one = SenderLoop.estimatedBytes(Sample.gauge("m", Labels.EMPTY, 1, 1));
    SenderLoop l =
        loop(r, new SenderLoop.Settings(100, one * 3, Duration.ZERO, RetryPolicy.DEFAULT));
    appendAt(now[0] - 7, now[0] - 6, now[0] - 5, now[0] - 4, now[0] - 3, now[0] - 2, now[0] - 1);
    l.flush(Long.MAX_VALUE);
    assertThat(r.batches).extracting(List::size).containsExactly(3, 3, 1);
  }

  @Test
  void reportsTheAgeOfTheOldestUnsentSample() {
    Recording r = new Recording("down");
    r.next = SendResult.retry("down");
    SenderLoop l = loop(r, SenderLoop.Settings.of(10));
    appendAt(now[0] - 4000);
    l.flush(Long.MAX_VALUE);
    assertThat(l.oldestUnsentAgeSeconds()).isEqualTo(4.0);
    r.next = SendResult.DELIVERED;
    l.flush(Long.MAX_VALUE);
    assertThat(l.oldestUnsentAgeSeconds()).isZero();
  }

  @Test
  void aRecoveryKeepsTheLastSuccessAndClearsTheFailure() {
    append(2);
    assertThat(vmLoop.lastSuccessMillis()).isEqualTo(-1);
    vm.next = SendResult.retry("connection refused");
    vmLoop.flush(Long.MAX_VALUE);
    vmLoop.flush(Long.MAX_VALUE);
    assertThat(vmLoop.failingSinceMillis()).isPositive();
    assertThat(vmLoop.lastError()).isEqualTo("connection refused");
    vm.next = SendResult.DELIVERED;
    long before = System.currentTimeMillis();
    vmLoop.flush(Long.MAX_VALUE);
    assertThat(vmLoop.failingSinceMillis()).isEqualTo(-1);
    assertThat(vmLoop.lastSuccessMillis()).isGreaterThanOrEqualTo(before);
  }
}
