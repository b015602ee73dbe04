package dev.sentinel.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
  @Test
  void throttleLetsOneLinePerPeriodAndCountsTheRest() {
    long[] now = {0};
    LogThrottle t = new LogThrottle(Duration.ofSeconds(10), () -> now[0]);
    assertThat(t.admit("k")).isZero();
    assertThat(t.admit("k")).isEqualTo(-1);
    assertThat(t.admit("k")).isEqualTo(-1);
    assertThat(t.admit("other")).isZero();
    now[0] = 10_000_000_000L;
    assertThat(t.admit("k")).isEqualTo(2);
  }
}
