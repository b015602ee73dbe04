package dev.sentinel.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void parsesDecimalAndBinaryUnits() {
    assertThat(Sizes.parse("4096")).isEqualTo(4096);
    assertThat(Sizes.parse("512KB")).isEqualTo(512_000);
    assertThat(Sizes.parse("4MiB")).isEqualTo(4L << 20);
    assertThat(Sizes.parse("4Mi")).isEqualTo(4L << 20);
    assertThat(Sizes.parse("1.5 GB")).isEqualTo(1_500_000_000L);
    assertThat(Sizes.parse("2tib")).isEqualTo(2L << 40);
    assertThat(Sizes.parse("7EiB")).isEqualTo(7L << 60);
  }

  @Test
  void overflowIsOutOfRangeNeverSaturated() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("8EiB"))
        .isInstanceOf(OutOfRange.class)
        .withMessage("8EiB is out of range");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("99999999999999999999GiB"))
        .isInstanceOf(OutOfRange.class);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("99999999999999999999"))
        .isInstanceOf(OutOfRange.class);
    assertThat(Sizes.parse(String.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void badSyntaxSaysWhatWouldBeRight() {
    for (String bad : new String[] {"lots", "5K", "5XB", "-1MB", ""}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Sizes.parse(bad))
          .isNotInstanceOf(OutOfRange.class)
          .withMessage("invalid size \"" + bad + "\" (e.g. 512MB, 4MiB, 1GiB)");
    }
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertThat(Sizes.format(0)).isEqualTo("0");
    assertThat(Sizes.format(1024)).isEqualTo("1KiB");
    assertThat(Sizes.format(64L << 10)).isEqualTo("64KiB");
    assertThat(Sizes.format(256L << 20)).isEqualTo("256MiB");
    assertThat(Sizes.format(1L << 40)).isEqualTo("1TiB");
    assertThat(Sizes.format(1_000_000)).isEqualTo("1MB");
    assertThat(Sizes.format(1_000_000_000_000L)).isEqualTo("1TB");
    assertThat(Sizes.format(1500)).isEqualTo("1500B");
    assertThat(Sizes.parse(Sizes.format(1500))).isEqualTo(1500);
  }
}
