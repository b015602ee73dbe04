package dev.sentinel.app.cli;

import dev.sentinel.core.config.BufferSizing;
import dev.sentinel.core.config.DestinationConfig;
import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.Sizes;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code sentinel check -c FILE}: every problem (exit 2), or "config OK" and a summary. */
@Command(name = "check", description = "Validate the config file and print every problem.")
final class CheckCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SentinelConfig c = config.load(err);
    if (c == null) {
      return Main.USAGE;
    }
    c.warnings().forEach(w -> err.println("warning: " + w));
    err.flush();
    out.println("config OK: " + summary(c));
    out.println("  workers " + c.workerPoolSize() + ", buffer " + bufferText(c));
    if (!c.webConfigFile().isEmpty()) {
      out.println("  self_metrics " + c.selfMetricsListen() + ": " + config.web.describe());
    }
    for (DestinationConfig d : c.sender().destinations()) {
      out.println(
          "  destination "
              + d.spec().describe()
              + (d.maxSampleAge().isZero()
                  ? ""
                  : " (max_sample_age " + Durations.format(d.maxSampleAge()) + ")"));
    }
    for (TaskConfig t : c.tasks()) {
      out.println(
          "  task "
              + t.id()
              + ": "
              + t.plugin()
              + " "
              + t.scheduleText()
              + (t.enabled() ? "" : " (disabled)"));
    }
    return Main.OK;
  }

  private static String bufferText(SentinelConfig c) {
    if (c.buffer().disk()) {
      return "disk "
          + c.buffer().diskPath()
          + (c.buffer().maxDiskBytes() > 0
              ? " (up to " + Sizes.approximate(c.buffer().maxDiskBytes()) + ")"
              : "");
    }
    long heap = Runtime.getRuntime().maxMemory();
    return "memory "
        + c.buffer().size()
        + " samples (may use up to "
        + Sizes.approximate(BufferSizing.memoryLimit(heap))
        + " of the "
        + Sizes.approximate(heap)
        + " heap)";
  }

  static String summary(SentinelConfig c) {
    Map<String, Integer> byPlugin = new TreeMap<>();
    c.enabledTasks().forEach(t -> byPlugin.merge(t.plugin(), 1, Integer::sum));
    StringBuilder plugins = new StringBuilder();
    byPlugin.forEach(
        (p, n) ->
            plugins.append(plugins.length() == 0 ? "" : ", ").append(p).append(" ×").append(n));
    String tasks =
        c.tasks().size()
            + " task"
            + (c.tasks().size() == 1 ? "" : "s")
            + " ("
            + c.enabledTasks().size()
            + " enabled"
            + (plugins.length() > 0 ? ": " + plugins : "")
            + ")";
    String destinations =
        String.join(", ", c.sender().destinations().stream().map(DestinationConfig::name).toList());
    return tasks
        + ", "
        + c.sender().destinations().size()
        + " destination"
        + (c.sender().destinations().size() == 1 ? "" : "s")
        + " ("
        + destinations
        + ")";
  }
}
