package dev.sentinel.core.plugin;

/** What a plugin may know about the task it measures for. */
public record TaskInfo(String id, String deviceId) {}
