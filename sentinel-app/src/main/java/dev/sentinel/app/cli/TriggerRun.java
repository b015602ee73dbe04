package dev.sentinel.app.cli;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.engine.RunExecution;
import dev.sentinel.core.engine.RunOutcome;
import dev.sentinel.core.engine.Watchdog;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.PluginRegistry;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.ProbeStartException;
import dev.sentinel.core.plugin.TaskInfo;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one probe the way the daemon would (same plugin, same timeout handling, same samples plus
 * {@code device_status}) and prints progress, then the samples. Shared by the trigger commands.
 */
final class TriggerRun {
  private final PrintWriter out;
  private final PrintWriter err;
  /** Option key → the CLI argument that sets it, so errors name what the user typed. */
  private final Map<String, String> flags;

  TriggerRun(PrintWriter out, PrintWriter err, Map<String, String> flags) {
    this.out = out;
    this.err = err;
    this.flags = flags;
  }

  /**
   * Runs the plugin once and prints the report; the samples too when {@code listSamples} (with
   * many targets they run to thousands of lines: then a count and a pointer to --json).
   */
  int run(String pluginType, String deviceId, Map<String, Object> options, Duration timeout, boolean json,
      boolean listSamples) {
    return run(pluginType, deviceId, options, timeout, json, listSamples, null);
  }

  /**
   * As above; with a {@code warmUp} the probe runs once silently first and again {@code warmUp}
   * later, and only the second run is printed (for what needs a previous run, e.g. rates).
   */
  int run(String pluginType, String deviceId, Map<String, Object> options, Duration timeout, boolean json,
      boolean listSamples, Duration warmUp) {
    try (PluginRegistry registry = PluginPreload.registry()) {
      Plugin plugin = registry.find(pluginType).orElse(null);
      if (plugin == null) {
        err.println("sentinel: the " + pluginType + " plugin is not on the class path");
        return Main.INTERNAL;
      }
      return run(plugin, deviceId, options, timeout, json, listSamples, warmUp);
    }
  }

  private int run(Plugin plugin, String deviceId, Map<String, Object> options, Duration timeout, boolean json,
      boolean listSamples, Duration warmUp) {
    String pluginType = plugin.type();
    Problems problems = new Problems(null);
    Section section = Section.of("", options, problems);
    ProbeSpec spec = plugin.configure(section, new TaskInfo("trigger", deviceId, timeout));
    section.finish();
    if (problems.hasErrors()) {
      problems.errors().forEach(e -> err.println("sentinel: " + rename(e)));
      return Main.USAGE;
    }
    Probe probe = spec.open();
    Labels base = Labels.of("device_id", deviceId, "task_id", "trigger", "plugin", pluginType);
    ProbeContext.Listener listener = json ? ProbeContext.Listener.NONE : new ProbeContext.Listener() {
      @Override
      public void line(String text) {
        out.println(text);
        out.flush();
      }

      @Override
      public void failure(String text) {
        // The FAILED line below says it, for every plugin alike.
      }
    };
    ProbeContext context = new ProbeContext(base, timeout, Clock.systemUTC(), listener);
    try {
      probe.start();
    } catch (ProbeStartException e) {
      err.println("sentinel: " + e.getMessage());
      return Main.TARGET_FAILED;
    }
    RunOutcome outcome;
    try (Watchdog watchdog = new Watchdog()) {
      if (warmUp != null) {
        RunExecution.once(probe, new ProbeContext(base, timeout, Clock.systemUTC(), ProbeContext.Listener.NONE), watchdog);
        try {
          Thread.sleep(warmUp.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Main.INTERNAL;
        }
      }
      outcome = RunExecution.once(probe, context, watchdog);
    } finally {
      probe.close();
    }
    List<Sample> samples = new ArrayList<>(outcome.result().samples());
    samples.add(context.gauge("device_status", outcome.result().success() ? 1 : 0));
    // One write: the command line's writer flushes on every line, which costs a system call each.
    StringBuilder text = new StringBuilder(samples.size() * 120);
    if (json) {
      samples.forEach(s -> text.append(SampleText.json(s)).append('\n'));
    } else {
      if (!outcome.result().success()) {
        text.append("FAILED: ").append(outcome.result().error()).append('\n');
      }
      if (listSamples) {
        text.append("\nSamples (not sent):\n");
        samples.forEach(s -> text.append("  ").append(SampleText.exposition(s)).append('\n'));
      } else {
        text.append('\n').append(samples.size()).append(" samples (not sent); --json prints them\n");
      }
    }
    out.print(text);
    out.flush();
    return outcome.result().success() ? Main.OK : Main.TARGET_FAILED;
  }

  private String rename(String problem) {
    for (Map.Entry<String, String> f : flags.entrySet()) {
      if (problem.startsWith(f.getKey() + ":") || problem.startsWith(f.getKey() + "[")) {
        return f.getValue() + problem.substring(f.getKey().length());
      }
    }
    return problem;
  }
}
