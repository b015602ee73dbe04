package dev.sentinel.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLineEncoderTest {
  @Test
  void writesFlatFieldsUsersCanGrep() {
    LoggerContext ctx = new LoggerContext();
    LoggingEvent e =
        new LoggingEvent(
            "x", ctx.getLogger("dev.sentinel.X"), Level.INFO, "Sender stopped", null, null);
    e.setTimeStamp(0);
    e.setKeyValuePairs(
        List.of(
            new KeyValuePair("success_count", 12L),
            new KeyValuePair("failed_count", 0L),
            new KeyValuePair("destination", "vm \"a\"")));
    String line = new String(new JsonLineEncoder().encode(e), StandardCharsets.UTF_8);
    assertThat(line)
        .isEqualTo(
            "{\"ts\":\"1970-01-01T00:00:00Z\",\"level\":\"INFO\",\"logger\":\"dev.sentinel.X\",\"msg\":\"Sender"
                + " stopped\",\"success_count\":12,\"failed_count\":0,\"destination\":\"vm"
                + " \\\"a\\\"\"}\n");
  }
}
