package dev.sentinel.core.plugin;

import dev.sentinel.core.model.Sample;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one probe run: whether the target passed, why not (short text for logs and the
 * CLI, never a label), and the samples measured.
 */
public record ProbeResult(boolean success, String error, List<Sample> samples) {
  public ProbeResult {
    Objects.requireNonNull(error, "error");
    samples = List.copyOf(samples);
  }

  public static ProbeResult success(List<Sample> samples) {
    return new ProbeResult(true, "", samples);
  }

  public static ProbeResult failure(String error, List<Sample> samples) {
    return new ProbeResult(false, error, samples);
  }
}
