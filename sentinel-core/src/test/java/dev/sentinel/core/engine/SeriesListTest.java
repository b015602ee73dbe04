package dev.sentinel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesListTest {
  private static final Labels A = Labels.of("host", "a");
  private static final Labels B = Labels.of("host", "b");

  private static List<Sample> run(long t, Labels second) {
    return List.of(
        Sample.gauge("ping_rtt_ms", A, 1.5, t),
        new Sample("requests_total", second, 7, t + 3, Sample.Kind.COUNTER));
  }

  @Test
  void keepsEachSeriesNameLabelsAndKindStampedWithTheRunsLatestTime() {
    SeriesList kept = SeriesList.of(run(1000, B));
    assertThat(kept).hasSize(2);
    assertThat(kept.get(0).name()).isEqualTo("ping_rtt_ms");
    assertThat(kept.get(0).labels()).isSameAs(A);
    assertThat(kept.get(0).kind()).isEqualTo(Sample.Kind.GAUGE);
    assertThat(kept.get(1).kind()).isEqualTo(Sample.Kind.COUNTER);
    assertThat(kept).extracting(Sample::timestampMs).containsOnly(1003L);
  }

  @Test
  void theSameSeriesAgainReuseTheListRestampedAndOthersMakeANewOne() {
    SeriesList first = SeriesList.of(run(1000, B));
    SeriesList same = SeriesList.of(run(2000, B), first);
    assertThat(same).isSameAs(first);
    assertThat(same.get(1).timestampMs()).isEqualTo(2003L);
    SeriesList other = SeriesList.of(run(3000, A), same);
    assertThat(other).isNotSameAs(same);
    assertThat(other.get(1).labels()).isSameAs(A);
    assertThat(SeriesList.of(run(4000, A).subList(0, 1), other)).hasSize(1);
  }
}
