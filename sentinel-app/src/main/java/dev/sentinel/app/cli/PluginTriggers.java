package dev.sentinel.app.cli;

import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.PluginRegistry;
import dev.sentinel.core.plugin.trigger.TriggerArg;
import dev.sentinel.core.plugin.trigger.TriggerArgs;
import dev.sentinel.core.plugin.trigger.TriggerException;
import dev.sentinel.core.plugin.trigger.TriggerRequest;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Renders each plugin's {@link TriggerSpec} as a {@code sentinel trigger <type>} subcommand: its
 * arguments become picocli options and parameters (with their defaults in the help), plus {@code
 * --json}; running it builds the plugin's request from the values and runs it with {@link
 * TriggerRun}. The command line never spells a plugin's option keys.
 */
final class PluginTriggers {
  private PluginTriggers() {}

  /** Adds a subcommand under {@code trigger} for every plugin that has a trigger. */
  static void addTo(CommandLine trigger, PluginRegistry plugins) {
    for (String type : plugins.types()) {
      Plugin plugin = plugins.find(type).orElseThrow();
      plugin.trigger().ifPresent(t -> trigger.addSubcommand(type, command(plugin, t)));
    }
  }

  private static CommandLine command(Plugin plugin, TriggerSpec trigger) {
    Run run = new Run(plugin, trigger);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(run);
    spec.usageMessage().description(trigger.description());
    int position = 0;
    for (TriggerArg a : trigger.args()) {
      ArgSpec arg =
          switch (a.kind()) {
            case FLAG ->
                OptionSpec.builder(a.names().toArray(String[]::new))
                    .description(a.description())
                    .type(boolean.class)
                    .arity("0")
                    .build();
            case OPTION, REQUIRED_OPTION ->
                OptionSpec.builder(a.names().toArray(String[]::new))
                    .paramLabel(a.label())
                    .description(a.description())
                    .type(String.class)
                    .required(a.kind() == TriggerArg.Kind.REQUIRED_OPTION)
                    .defaultValue(a.defaultValue())
                    .build();
            case PARAMETER ->
                PositionalParamSpec.builder()
                    .index(Integer.toString(position++))
                    .paramLabel(a.label())
                    .description(a.description())
                    .type(String.class)
                    .arity("1")
                    .required(true)
                    .build();
            case PARAMETERS ->
                PositionalParamSpec.builder()
                    .index(position++ + "..*")
                    .paramLabel(a.label())
                    .description(a.description())
                    .type(List.class)
                    .auxiliaryTypes(String.class)
                    .arity("0..*")
                    .showDefaultValue(CommandLine.Help.Visibility.NEVER)
                    .build();
          };
      run.args.put(a.key(), arg);
      if (arg instanceof OptionSpec o) {
        spec.addOption(o);
      } else {
        spec.addPositional((PositionalParamSpec) arg);
      }
    }
    run.json =
        OptionSpec.builder("--json")
            .description("Print the samples as JSON lines instead of the report.")
            .type(boolean.class)
            .arity("0")
            .build();
    spec.addOption(run.json);
    return new CommandLine(spec);
  }

  /** What running the subcommand does: the user's values, the plugin's request, one run. */
  private static final class Run implements Callable<Integer>, TriggerArgs {
    private final Plugin plugin;
    private final TriggerSpec trigger;
    private final Map<String, ArgSpec> args = new HashMap<>();
    private OptionSpec json;

    Run(Plugin plugin, TriggerSpec trigger) {
      this.plugin = plugin;
      this.trigger = trigger;
    }

    @Override
    public Integer call() {
      CommandLine cli = json.command().commandLine();
      TriggerRequest request;
      try {
        request = trigger.builder().build(this);
      } catch (TriggerException e) {
        cli.getErr().println("sentinel: " + e.getMessage());
        return Main.USAGE;
      }
      PluginPreload.awaitPrepared();
      try {
        return new TriggerRun(cli.getOut(), cli.getErr())
            .run(plugin, request, Boolean.TRUE.equals(json.getValue()));
      } finally {
        plugin.close();
      }
    }

    @Override
    public Optional<String> value(String key) {
      Object v = arg(key).getValue();
      return Optional.ofNullable(v).map(Object::toString);
    }

    @Override
    public boolean flag(String key) {
      return Boolean.TRUE.equals(arg(key).getValue());
    }

    @Override
    public List<String> values(String key) {
      List<String> v = arg(key).getValue();
      return v == null ? List.of() : List.copyOf(v);
    }

    private ArgSpec arg(String key) {
      ArgSpec a = args.get(key);
      if (a == null) {
        throw new IllegalArgumentException("no argument " + key + " in trigger " + plugin.type());
      }
      return a;
    }
  }
}
