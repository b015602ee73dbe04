package dev.sentinel.core.plugin;

import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One task's measurement as its plugin validated it: an immutable value the loaded configuration
 * holds. The engine opens the task's {@link Probe} from it when it starts the task; a spec whose
 * options had a problem is never opened.
 */
public interface ProbeSpec {
  /** Builds the task's probe, which holds what the task keeps between runs. */
  Probe open();

  /**
   * Label names this plugin adds to the task's samples; a task label with one of these names is an
   * error.
   */
  default Set<String> labelNames() {
    return Set.of();
  }

  /**
   * About how many samples one run makes ({@code device_status} not counted), to size the default
   * buffer from what the tasks produce. A rough figure is enough; the default suits a probe of one
   * target with a few dozen series.
   */
  default int samplesPerRun() {
    return 50;
  }

  /** A spec that opens probes with {@code open}. */
  static ProbeSpec of(Set<String> labelNames, int samplesPerRun, Supplier<Probe> open) {
    Objects.requireNonNull(open, "open");
    Set<String> labels = Set.copyOf(labelNames);
    return new ProbeSpec() {
      @Override
      public Probe open() {
        return open.get();
      }

      @Override
      public Set<String> labelNames() {
        return labels;
      }

      @Override
      public int samplesPerRun() {
        return samplesPerRun;
      }
    };
  }
}
