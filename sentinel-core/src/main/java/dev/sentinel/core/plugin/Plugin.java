package dev.sentinel.core.plugin;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import java.util.Optional;

/**
 * A kind of measurement, found by {@link #type()} through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.sentinel.core.plugin.Plugin}).
 */
public interface Plugin {
  /** The short name users write in {@code plugin:} (e.g. {@code ping}). */
  String type();

  /**
   * Parses and validates one task's {@code config:} mapping into an immutable spec. Report every
   * bad option through {@code options} (which knows file, line and key path); the caller reports
   * unknown keys after this returns, and never opens a spec that had a problem. Must not do I/O
   * beyond checking files the options name: this runs at config load and for {@code sentinel
   * check}.
   */
  ProbeSpec configure(Section options, TaskInfo task);

  /**
   * The plugin's {@code sentinel trigger <type>} command, if it has one: its arguments and how they
   * make one run of this plugin.
   */
  default Optional<TriggerSpec> trigger() {
    return Optional.empty();
  }

  /**
   * Opens what the plugin needs for the whole process (e.g. native sockets) ahead of the first run,
   * so that cost overlaps other start-up work. May do I/O; never throws (a failure shows up in the
   * runs instead). {@code sentinel trigger} calls it in the background while parsing.
   */
  default void prepare() {}

  /** How the status page shows this plugin's tasks. */
  default StatusView statusView() {
    return StatusView.GENERIC;
  }

  /**
   * What the plugin runs with now, for the status page (e.g. the ping method in use), as short
   * name/value pairs; empty when there is nothing to say.
   */
  default java.util.Map<String, String> runtimeInfo() {
    return java.util.Map.of();
  }

  /**
   * Releases what the plugin holds for the whole process (sockets, threads) when the daemon or a
   * one-shot command ends. A thread left blocked in native code delays JVM exit by up to 300 ms.
   */
  default void close() {}
}
