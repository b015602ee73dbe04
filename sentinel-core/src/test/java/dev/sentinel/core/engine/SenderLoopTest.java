package dev.sentinel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.buffer.MemoryBuffer;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.testing.FakeDestinationProvider.Recording;
import java.time.Duration;
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
    return new SenderLoop(d, buffer.reader(d.name()), 4, metrics, new LogThrottle(Duration.ofSeconds(30)));
  }

  private void append(int n) {
    buffer.append(IntStream.range(0, n).mapToObj(i -> Sample.gauge("m", Labels.EMPTY, i, i)).toList());
  }

  @Test
  void drainsTheBacklogInBatches() {
    append(10);
    assertThat(vmLoop.flush(Long.MAX_VALUE)).isTrue();
    assertThat(vm.batches).extracting(List::size).containsExactly(4, 4, 2);
    assertThat(vmLoop.successCount()).isEqualTo(10);
    assertThat(metrics.value("sentinel_samples_sent_total", "destination", "vm")).isEqualTo(10);
  }

  @Test
  void failedBatchIsRetriedNextFlushAndOtherDestinationIsNotHeldBack() {
    append(3);
    vm.next = SendResult.retry("HTTP 503");
    assertThat(vmLoop.flush(Long.MAX_VALUE)).isFalse();
    assertThat(promLoop.flush(Long.MAX_VALUE)).isTrue();
    vm.next = SendResult.DELIVERED;
    assertThat(vmLoop.flush(Long.MAX_VALUE)).isTrue();
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
    assertThat(metrics.value("sentinel_samples_dropped_total", "destination", "vm", "reason", "rejected")).isEqualTo(6);
    vm.next = SendResult.DELIVERED;
    append(2);
    vmLoop.flush(Long.MAX_VALUE);
    assertThat(vmLoop.successCount()).isEqualTo(2);
    assertThat(vmLoop.pendingCount()).isZero();
  }
}
