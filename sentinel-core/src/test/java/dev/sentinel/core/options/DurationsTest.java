package dev.sentinel.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesUnitsAndCombinations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("0.2s")).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void bareNumberIsAnErrorNotNanoseconds() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("10"))
        .withMessageContaining("no unit");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("5x"))
        .withMessageContaining("invalid duration");
  }

  @Test
  void overflowIsOutOfRangeNeverSaturated() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("1000000000d"))
        .isInstanceOf(OutOfRange.class)
        .withMessage("1000000000d is out of range");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("106751d23h47m16s854ms1ms"))
        .isInstanceOf(OutOfRange.class);
    assertThat(Durations.parse("106751d23h47m16s854ms"))
        .isEqualTo(Duration.ofMillis(Long.MAX_VALUE / 1_000_000));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("1000000d"))
        .isInstanceOf(OutOfRange.class);
    assertThat(Durations.parse("100000d")).isEqualTo(Duration.ofDays(100_000));
  }

  @Test
  void formatsLikeInput() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("1d12h");
    assertThat(Durations.format(Duration.ofDays(3650))).isEqualTo("3650d");
  }
}
