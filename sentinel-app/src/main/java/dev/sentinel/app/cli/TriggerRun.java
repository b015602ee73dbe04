package dev.sentinel.app.cli;

import dev.sentinel.core.engine.RunExecution;
import dev.sentinel.core.engine.RunOutcome;
import dev.sentinel.core.engine.Watchdog;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.ProbeStartException;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
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

  TriggerRun(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code plugin} once as {@code request} says and prints the report, then the samples (or
   * their count), or with {@code json} only the samples as JSON lines.
   */
  int run(Plugin plugin, TriggerRequest request, boolean json) {
    String deviceId = request.deviceId();
    Duration timeout = request.timeout();
    String pluginType = plugin.type();
    Problems problems = new Problems(null);
    Section section = Section.of("", request.options(), problems);
    ProbeSpec spec = plugin.configure(section, new TaskInfo("trigger", deviceId, timeout));
    section.finish();
    if (problems.hasErrors()) {
      problems.errors().forEach(e -> err.println("sentinel: " + rename(e, request.argNames())));
      return Main.USAGE;
    }
    Probe probe = spec.open();
    Labels base = Labels.of("device_id", deviceId, "task_id", "trigger", "plugin", pluginType);
    ProbeContext.Listener listener =
        json
            ? ProbeContext.Listener.NONE
            : new ProbeContext.Listener() {
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
      if (request.warmUp().isPresent()) {
        RunExecution.once(
            probe,
            new ProbeContext(base, timeout, Clock.systemUTC(), ProbeContext.Listener.NONE),
            watchdog);
        try {
          Thread.sleep(request.warmUp().get().toMillis());
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
      if (request.listSamples()) {
        text.append("\nSamples (not sent):\n");
        samples.forEach(s -> text.append("  ").append(SampleText.exposition(s)).append('\n'));
      } else {
        text.append('\n')
            .append(samples.size())
            .append(" samples (not sent); --json prints them\n");
      }
    }
    out.print(text);
    out.flush();
    return outcome.result().success() ? Main.OK : Main.TARGET_FAILED;
  }

  private static String rename(String problem, Map<String, String> argNames) {
    for (Map.Entry<String, String> f : argNames.entrySet()) {
      if (problem.startsWith(f.getKey() + ":") || problem.startsWith(f.getKey() + "[")) {
        return f.getValue() + problem.substring(f.getKey().length());
      }
    }
    return problem;
  }
}
