package dev.sentinel.core.config;

import java.util.List;

/** The whole validated configuration. Immutable. */
public record SentinelConfig(
    String source,
    IdentityConfig identity,
    int workerPoolSize,
    BufferConfig buffer,
    SenderConfig sender,
    List<TaskConfig> tasks,
    LoggingConfig logging,
    String selfMetricsListen,
    List<String> warnings) {

  public SentinelConfig {
    tasks = List.copyOf(tasks);
    warnings = List.copyOf(warnings);
  }

  public List<TaskConfig> enabledTasks() {
    return tasks.stream().filter(TaskConfig::enabled).toList();
  }
}
