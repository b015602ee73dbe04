package dev.sentinel.core.config;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.Range;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.options.Sizes;
import java.time.Duration;
import java.util.List;

/**
 * Log level, format ({@code json|text}), output ({@code stdout|file|both}) and rotation: the live
 * file rotates past {@code maxSizeBytes}; at most {@code maxBackups} rotated files are kept, none
 * older than {@code maxAge} (lumberjack's rules, which the Go Sentinel used).
 */
public record LoggingConfig(
    String level,
    String format,
    String output,
    String filePath,
    long maxSizeBytes,
    int maxBackups,
    Duration maxAge) {

  /** logback's fixed window keeps at most 20 rotated files. */
  public static final int MAX_BACKUPS = 20;

  private static final long MIB = 1L << 20;
  private static final String BARE_NUMBER = "\\d+(\\.\\d+)?";

  public static LoggingConfig defaults() {
    return new LoggingConfig(
        "info", "json", "both", "./logs/sentinel.log", 100 * MIB, 7, Duration.ofDays(30));
  }

  public boolean toStdout() {
    return !output.equals("file");
  }

  public boolean toFile() {
    return !output.equals("stdout");
  }

  static LoggingConfig read(Section s) {
    LoggingConfig d = defaults();
    String level = s.choice("level", d.level(), List.of("debug", "info", "warn", "error"));
    String format = s.choice("format", d.format(), List.of("json", "text"));
    String output = s.choice("output", d.output(), List.of("stdout", "file", "both"));
    String filePath = s.string("file_path", d.filePath());
    long maxSize =
        s.ranged(
            "max_size",
            d.maxSizeBytes(),
            LoggingConfig::size,
            new Range<>(1_000_000L, 1_000_000_000_000L, Sizes::format));
    int maxBackups = s.integer("max_backups", d.maxBackups(), 0, MAX_BACKUPS);
    if (maxBackups == 0) {
      s.warn(
          "max_backups",
          "0 (keep every rotated file) cannot be honoured: logback keeps at most "
              + MAX_BACKUPS
              + " rotated files, so "
              + MAX_BACKUPS
              + " are kept");
      maxBackups = MAX_BACKUPS;
    }
    Duration maxAge =
        s.ranged(
            "max_age",
            d.maxAge(),
            LoggingConfig::age,
            new Range<>(Duration.ofHours(1), Duration.ofDays(3650), Durations::format));
    LoggingConfig c =
        new LoggingConfig(level, format, output, filePath, maxSize, maxBackups, maxAge);
    if (c.toFile() && c.filePath().isBlank()) {
      s.error("file_path", "is required when output is " + c.output());
    } else if (c.toFile()) {
      s.writableFile("file_path", c.filePath());
    }
    s.finish();
    return c;
  }

  /** A size; a bare number is megabytes (MiB), as in the Go Sentinel's lumberjack. */
  private static long size(String text) {
    return Sizes.parse(text.matches(BARE_NUMBER) ? text + "MiB" : text);
  }

  /** A duration; a bare number is days, as in the Go Sentinel's lumberjack. */
  private static Duration age(String text) {
    return Durations.parse(text.matches(BARE_NUMBER) ? text + "d" : text);
  }
}
