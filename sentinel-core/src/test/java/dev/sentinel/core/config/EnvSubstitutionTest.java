package dev.sentinel.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
  @Test
  void substitutesEnvironment() {
    EnvSubstitution env = new EnvSubstitution(Map.of("A", "x", "EMPTY", ""));
    assertThat(env.apply("${A}-${B:-def}-$${A}")).isEqualTo("x-def-${A}");
    assertThat(env.apply("${EMPTY:-d}")).isEqualTo("d");
    assertThat(env.apply("${EMPTY}")).isEmpty();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> env.apply("${NOPE}"))
        .withMessageContaining("NOPE is not set");
  }
}
