package dev.sentinel.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sentinel.core.buffer.MemoryBuffer;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.engine.SenderLoop;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.testing.FakeDestinationProvider.Recording;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The log lines a sender loop writes, as logback receives them (core itself has no logging
 * binding).
 */
class SenderLoopLogTest {
  @Test
  void aRecoveryIsLoggedOnce() {
    MemoryBuffer buffer = new MemoryBuffer(100, (d, reason, n) -> {});
    Recording vm = new Recording("vm");
    SenderLoop loop =
        new SenderLoop(
            vm,
            buffer.reader("vm"),
            4,
            new SelfMetrics("test"),
            new LogThrottle(Duration.ofSeconds(30)));
    Logger log = (Logger) LoggerFactory.getLogger(SenderLoop.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    Level level = log.getLevel();
    log.setLevel(Level.INFO);
    try {
      buffer.append(
          List.of(Sample.gauge("m", Labels.EMPTY, 1, 1), Sample.gauge("m", Labels.EMPTY, 2, 2)));
      vm.next = SendResult.retry("connection refused");
      loop.flush(Long.MAX_VALUE);
      loop.flush(Long.MAX_VALUE);
      vm.next = SendResult.DELIVERED;
      loop.flush(Long.MAX_VALUE);
      loop.flush(Long.MAX_VALUE);
      assertThat(lines.list)
          .filteredOn(e -> e.getFormattedMessage().equals("Destination recovered"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getKeyValuePairs())
                      .extracting(kv -> kv.key)
                      .contains("destination", "failed_for_ms", "failed_attempts"));
    } finally {
      log.setLevel(level);
      log.detachAppender(lines);
    }
  }
}
