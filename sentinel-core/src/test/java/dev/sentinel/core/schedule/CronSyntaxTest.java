package dev.sentinel.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quartz cron syntax (with seconds) checked at load; every problem says what the syntax is. */
class CronSyntaxTest {
  private static final String HINT = " (Quartz syntax with seconds, e.g. \"0 */5 * * * ?\")";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 */5 * * * ?",
        "0 0 12 ? * MON-FRI",
        "*/10 * * * * ?",
        "0 15 10 L * ?",
        "0 0 6 ? * 2#1 2030"
      })
  void quartzExpressionsHaveNoProblem(String expression) {
    assertThat(CronSyntax.problem(expression)).isEmpty();
  }

  @Test
  void aFiveFieldUnixCronIsAProblemThatShowsTheQuartzSyntax() {
    assertThat(CronSyntax.problem("*/5 * * * *"))
        .get()
        .asString()
        .startsWith("invalid cron expression \"*/5 * * * *\": ")
        .endsWith(HINT);
  }

  @Test
  void dayOfMonthAndDayOfWeekTogetherIsAProblem() {
    assertThat(CronSyntax.problem("0 0 12 * * MON"))
        .get()
        .asString()
        .contains("day-of-week AND a day-of-month")
        .endsWith(HINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 25 * * ?", "0 61 * * * ?", "every day", ""})
  void valuesOutOfRangeAndNonsenseAreProblems(String expression) {
    assertThat(CronSyntax.problem(expression))
        .get()
        .asString()
        .startsWith("invalid cron expression \"" + expression + "\": ")
        .endsWith(HINT);
  }
}
