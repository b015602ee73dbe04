package dev.sentinel.core.config;

/** Log level, format ({@code json|text}), output ({@code stdout|file|both}) and rotation. */
public record LoggingConfig(
    String level,
    String format,
    String output,
    String filePath,
    int maxSizeMb,
    int maxBackups,
    int maxAgeDays) {

  public static LoggingConfig defaults() {
    return new LoggingConfig("info", "json", "both", "./logs/sentinel.log", 100, 7, 30);
  }

  public boolean toStdout() {
    return !output.equals("file");
  }

  public boolean toFile() {
    return !output.equals("stdout");
  }
}
