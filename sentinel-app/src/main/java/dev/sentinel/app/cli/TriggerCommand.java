package dev.sentinel.app.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sentinel trigger <plugin> …}: one ad-hoc probe, printed, nothing sent. */
@Command(
    name = "trigger",
    description = "Run one probe now and print the result; nothing is sent.",
    // One subcommand per plugin with a trigger, added from the plugins (PluginTriggers).
    subcommands = {HelpCommand.class})
final class TriggerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    List<String> probes =
        spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a probe: trigger " + String.join("|", probes) + " …");
  }
}
