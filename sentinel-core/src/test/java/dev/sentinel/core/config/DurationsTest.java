package dev.sentinel.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
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
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("10")).withMessageContaining("no unit");
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("5x")).withMessageContaining("invalid duration");
  }

  @Test
  void formatsLikeInput() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
  }

  @Test
  void substitutesEnvironment() {
    EnvSubstitution env = new EnvSubstitution(Map.of("A", "x", "EMPTY", ""));
    assertThat(env.apply("${A}-${B:-def}-$${A}")).isEqualTo("x-def-${A}");
    assertThat(env.apply("${EMPTY:-d}")).isEqualTo("d");
    assertThat(env.apply("${EMPTY}")).isEmpty();
    assertThatIllegalArgumentException().isThrownBy(() -> env.apply("${NOPE}")).withMessageContaining("NOPE is not set");
  }
}
