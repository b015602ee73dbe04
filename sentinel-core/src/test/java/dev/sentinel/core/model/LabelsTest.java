package dev.sentinel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void sortsByName() {
    Labels l = Labels.of("zeta", "1", "alpha", "2", "Beta", "3");
    assertThat(l.names()).containsExactly("Beta", "alpha", "zeta");
  }

  @Test
  void rejectsDuplicateInvalidAndEmpty() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Labels.of("a", "1", "a", "2"))
        .withMessageContaining("duplicate");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Labels.of("1a", "x"))
        .withMessageContaining("invalid label name");
    assertThatIllegalArgumentException().isThrownBy(() -> Labels.of("a-b", "x"));
    assertThatIllegalArgumentException().isThrownBy(() -> Labels.of("__name__", "x"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Labels.of("a", ""))
        .withMessageContaining("empty");
  }

  @Test
  void mergeRefusesToOverride() {
    Labels a = Labels.of("x", "1");
    assertThat(a.merge(Labels.of("y", "2")).asMap())
        .containsEntry("x", "1")
        .containsEntry("y", "2");
    assertThatIllegalArgumentException().isThrownBy(() -> a.merge(Labels.of("x", "2")));
  }

  @Test
  void sampleRejectsNaNAndBadNames() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sample.gauge("m", Labels.EMPTY, Double.NaN, 1));
    assertThat(Sample.gauge("m", Labels.EMPTY, Sample.NORMAL_NAN, 1).value()).isNaN();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sample.gauge("bad-name", Labels.EMPTY, 1, 1));
    assertThat(Sample.gauge("ns:m_1", Labels.EMPTY, 1, 1).name()).isEqualTo("ns:m_1");
  }

  @Test
  void withInsertsInNameOrderOrReplacesAndValidates() {
    Labels base = Labels.of("b", "2", "d", "4");
    assertThat(base.with("a", "1").asMap())
        .containsExactly(
            java.util.Map.entry("a", "1"),
            java.util.Map.entry("b", "2"),
            java.util.Map.entry("d", "4"));
    assertThat(base.with("c", "3").asMap().keySet()).containsExactly("b", "c", "d");
    assertThat(base.with("e", "5").asMap().keySet()).containsExactly("b", "d", "e");
    assertThat(base.with("d", "x").asMap()).containsEntry("d", "x").hasSize(2);
    assertThat(base.with("c", "3")).isEqualTo(Labels.of("d", "4", "c", "3", "b", "2"));
    assertThat(base.get("d")).isEqualTo("4"); // unchanged
    assertThatIllegalArgumentException().isThrownBy(() -> base.with("__x", "1"));
    assertThatIllegalArgumentException().isThrownBy(() -> base.with("c", ""));
  }

  @Test
  void aNameOnceValidStaysValidAndAnInvalidOneIsAlwaysRefused() {
    for (int i = 0; i < 3; i++) {
      assertThat(Sample.isValidName("ping_rtt_ms")).isTrue();
      assertThat(Sample.isValidName("ping-rtt")).isFalse();
      assertThat(Sample.isValidName("")).isFalse();
    }
  }
}
