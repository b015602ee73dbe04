package dev.sentinel.core.config;

import java.util.List;

/**
 * The whole validated configuration. Immutable. {@code webConfigFile} is the path of the web
 * listener's TLS and authentication file as written ("" for none); the application reads it. {@code
 * pushSelfMetrics}: every flush interval Sentinel's own metrics go to the destinations too.
 */
public record SentinelConfig(
    String source,
    IdentityConfig identity,
    int workerPoolSize,
    BufferConfig buffer,
    SenderConfig sender,
    List<TaskConfig> tasks,
    LoggingConfig logging,
    String selfMetricsListen,
    String webConfigFile,
    boolean pushSelfMetrics,
    List<String> warnings) {

  public SentinelConfig {
    tasks = List.copyOf(tasks);
    warnings = List.copyOf(warnings);
  }

  public List<TaskConfig> enabledTasks() {
    return tasks.stream().filter(TaskConfig::enabled).toList();
  }
}
