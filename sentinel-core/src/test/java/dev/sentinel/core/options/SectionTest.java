package dev.sentinel.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ranged readers: one message format for whole numbers, durations and sizes. */
class SectionTest {
  private final Problems problems = new Problems(null);

  private Section section(String key, Object value) {
    return Section.of("o", Map.of(key, value), problems);
  }

  @Test
  void wholeNumberBeyond32BitsIsOutOfRangeNotNotAWholeNumber() {
    assertThat(section("n", "99999999999999999999").integer("n", 7, 1, 1000)).isEqualTo(7);
    assertThat(section("n", "-99999999999999999999").integer("n", 7, 1, 1000)).isEqualTo(7);
    assertThat(section("n", "2.5").integer("n", 7, 1, 1000)).isEqualTo(7);
    assertThat(section("n", " 1000 ").integer("n", 7, 1, 1000)).isEqualTo(1000);
    assertThat(problems.errors())
        .containsExactly(
            "o.n: 99999999999999999999 is out of range (1 to 1000)",
            "o.n: -99999999999999999999 is out of range (1 to 1000)",
            "o.n: \"2.5\" is not a whole number");
  }

  @Test
  void durationsOutOfRangeOrOverflowingAreReportedAsWritten() {
    Duration d = Duration.ofSeconds(9);
    assertThat(section("d", "1000000d").duration("d", d, Duration.ofSeconds(1), Duration.ofDays(1)))
        .isEqualTo(d);
    assertThat(
            section("d", "999999999999d")
                .duration("d", d, Duration.ofSeconds(1), Duration.ofDays(1)))
        .isEqualTo(d);
    assertThat(section("d", "500ms").duration("d", d, Duration.ofSeconds(1), Duration.ofDays(1)))
        .isEqualTo(d);
    assertThat(section("d", "1d").duration("d", d, Duration.ofSeconds(1), Duration.ofDays(1)))
        .isEqualTo(Duration.ofDays(1));
    assertThat(
            section("d", "2m").optionalDuration("d", Duration.ofMillis(1), Duration.ofMinutes(1)))
        .isEmpty();
    assertThat(
            section("x", "2m").optionalDuration("d", Duration.ofMillis(1), Duration.ofMinutes(1)))
        .isEmpty();
    assertThat(problems.errors())
        .containsExactly(
            "o.d: 1000000d is out of range (1s to 1d)",
            "o.d: 999999999999d is out of range (1s to 1d)",
            "o.d: 500ms is out of range (1s to 1d)",
            "o.d: 2m is out of range (1ms to 1m)");
  }

  @Test
  void sizesOutOfRangeOrOverflowingAreReportedAsWritten() {
    long max = 256L << 20;
    assertThat(section("s", "99999999999999999999GiB").size("s", 5, 1024, max)).isEqualTo(5);
    assertThat(section("s", "8EiB").size("s", 5, 1024, max)).isEqualTo(5);
    assertThat(section("s", "1000").size("s", 5, 1024, max)).isEqualTo(5);
    assertThat(section("s", "256MiB").size("s", 5, 1024, max)).isEqualTo(max);
    assertThat(problems.errors())
        .containsExactly(
            "o.s: 99999999999999999999GiB is out of range (1KiB to 256MiB)",
            "o.s: 8EiB is out of range (1KiB to 256MiB)",
            "o.s: 1000 is out of range (1KiB to 256MiB)");
  }

  @Test
  void anOffValueOutsideTheRangeIsNamedInTheMessage() {
    Range<Long> range = new Range<>(1L << 20, 1L << 40, Sizes::format, 0L, "no limit");
    assertThat(section("s", "0").ranged("s", 5L, Sizes::parse, range)).isZero();
    assertThat(section("s", "1KB").ranged("s", 5L, Sizes::parse, range)).isEqualTo(5L);
    assertThat(problems.errors())
        .containsExactly("o.s: 1KB is out of range (1MiB to 1TiB, or 0 for no limit)");
  }
}
