package dev.sentinel.core.engine;

import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.model.Sample;
import java.util.List;

/**
 * Told about every task run that ended or was skipped, after its samples are in the buffer (the
 * application's status page keeps its history from this). Called on the worker's thread: must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface RunListener {
  /**
   * @param timeMs when the run ended (or was skipped)
   * @param outcome {@code success}, {@code failure}, {@code timeout}, {@code error}, {@code
   *     skipped_overlap} or {@code skipped_late}
   * @param error why it failed (empty when it did not)
   * @param samples what it recorded, {@code device_status} included (empty when skipped)
   */
  void runEnded(
      TaskConfig task,
      long timeMs,
      String outcome,
      long durationMs,
      String error,
      List<Sample> samples);
}
