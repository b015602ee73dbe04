package dev.sentinel.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND...]}: the usage of the command at that path under the parent, to any depth
 * ({@code sentinel help trigger ping}, {@code sentinel trigger help ping}). Picocli's own help
 * command only looks one level down.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show a command's usage, e.g. 'sentinel help trigger ping'.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      showDefaultValue = Visibility.NEVER,
      description = "A command and its subcommands, e.g. trigger ping.")
  List<String> path = new ArrayList<>();

  private CommandLine self;
  private ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(
      CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public Integer call() {
    CommandLine target = self.getParent();
    for (String name : path) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        // Reported against the command it is not under, so the hint lists the ones that are.
        throw new CommandLine.ParameterException(target, "help: unknown command '" + name + "'");
      }
      target = next;
    }
    target.usage(out, colors);
    return Main.OK;
  }
}
