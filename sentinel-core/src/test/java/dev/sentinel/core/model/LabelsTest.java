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
}
