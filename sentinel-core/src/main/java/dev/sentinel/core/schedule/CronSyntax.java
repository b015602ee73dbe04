package dev.sentinel.core.schedule;

import java.text.ParseException;
import java.util.Optional;
import org.quartz.CronExpression;

/** Checks Quartz cron syntax without exposing Quartz types outside this package. */
public final class CronSyntax {
  private CronSyntax() {}

  /** Empty when valid, else what is wrong. */
  public static Optional<String> problem(String expression) {
    try {
      new CronExpression(expression);
      return Optional.empty();
    } catch (ParseException e) {
      return Optional.of(
          "invalid cron expression \""
              + expression
              + "\": "
              + e.getMessage()
              + " (Quartz syntax with seconds, e.g. \"0 */5 * * * ?\")");
    }
  }
}
