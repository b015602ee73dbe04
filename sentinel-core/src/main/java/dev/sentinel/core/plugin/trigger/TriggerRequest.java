package dev.sentinel.core.plugin.trigger;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run a trigger command asks for: the plugin's options (as a task's {@code config:} would hold
 * them), the device the samples are for, the run's hard limit, and how to report it.
 *
 * @param argNames option key → the argument that set it, so a problem with the option names what
 *     the user typed ({@code -n/--count: 0 is out of range …})
 * @param listSamples whether to print every sample (false: a count and a pointer to --json, for
 *     runs that make hundreds)
 * @param warmUp when present, the probe runs once silently first and again this much later, and
 *     only the second run is reported (for what needs a previous run, e.g. rates)
 */
public record TriggerRequest(
    String deviceId,
    Map<String, Object> options,
    Duration timeout,
    Map<String, String> argNames,
    boolean listSamples,
    Optional<Duration> warmUp) {

  public TriggerRequest {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(timeout, "timeout");
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    argNames = Map.copyOf(argNames);
    Objects.requireNonNull(warmUp, "warmUp");
  }

  /** A run whose samples are all printed, with no warm-up. */
  public static TriggerRequest of(
      String deviceId,
      Map<String, Object> options,
      Duration timeout,
      Map<String, String> argNames) {
    return new TriggerRequest(deviceId, options, timeout, argNames, true, Optional.empty());
  }

  /** The same run, printing a count of its samples instead of each one. */
  public TriggerRequest countingSamples() {
    return new TriggerRequest(deviceId, options, timeout, argNames, false, warmUp);
  }

  /** The same run, after a silent one {@code gap} earlier. */
  public TriggerRequest afterWarmUp(Duration gap) {
    return new TriggerRequest(deviceId, options, timeout, argNames, listSamples, Optional.of(gap));
  }
}
