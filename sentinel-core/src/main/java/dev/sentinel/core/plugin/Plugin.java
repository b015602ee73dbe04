package dev.sentinel.core.plugin;

import dev.sentinel.core.config.Section;

/**
 * A kind of measurement, found by {@link #type()} through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.sentinel.core.plugin.Plugin}).
 */
public interface Plugin {
  /** The short name users write in {@code plugin:} (e.g. {@code ping}). */
  String type();

  /**
   * Parses and validates one task's {@code config:} mapping. Report every bad option through
   * {@code options} (which knows file, line and key path); the caller reports unknown keys after
   * this returns. Must not do I/O: this runs at config load and for {@code sentinel check}.
   */
  Probe create(Section options, TaskInfo task);
}
