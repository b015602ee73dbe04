package dev.sentinel.core.config;

/** Where samples wait for the senders. Only {@code memory} exists so far. */
public record BufferConfig(String type, int size, String diskPath) {}
