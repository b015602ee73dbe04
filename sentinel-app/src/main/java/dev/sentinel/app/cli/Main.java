package dev.sentinel.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code sentinel} — the command line. Exit codes: 0 ok, 1 target failed, 2 usage/config, 3
 * internal.
 */
@Command(
    name = "sentinel",
    // Inherited by every subcommand, to any depth: -h/--help (and -V/--version) everywhere, and
    // every option's default in its usage.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Push-based network probe agent.",
    subcommands = {
      StartCommand.class,
      TriggerCommand.class,
      CheckCommand.class,
      VersionCommand.class,
      HelpCommand.class,
      CdsTrainingCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int TARGET_FAILED = 1;
  public static final int USAGE = 2;
  public static final int INTERNAL = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is required (start, trigger, check, version)");
  }

  public static void main(String[] args) {
    chooseLogging(args);
    if (args.length > 0 && args[0].equals("trigger")) {
      PluginPreload.start();
    }
    System.exit(execute(args));
  }

  /**
   * The daemon logs through logback (JSON, files, rotation: {@code logging.*}). One-shot commands
   * only ever show warnings on stderr, through slf4j-simple, which starts ~60 ms faster. Both
   * providers are on the class path, so SLF4J is told which one to use.
   */
  static void chooseLogging(String[] args) {
    // cds-training runs the daemon too: its archive must hold logback.
    boolean daemon = args.length > 0 && (args[0].equals("start") || args[0].equals("cds-training"));
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty(
          "slf4j.provider",
          daemon
              ? "ch.qos.logback.classic.spi.LogbackServiceProvider"
              : "org.slf4j.simple.SimpleServiceProvider");
    }
    System.setProperty("slf4j.internal.verbosity", "WARN"); // no "Attempting to load provider" line
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
  }

  /** Runs the command line and returns the exit code (used by tests too). */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  /** Runs with the given output streams (tests capture what a user would see). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    PluginTriggers.addTo(cli.getSubcommands().get("trigger"), PluginPreload.registry());
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("sentinel: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          c.getErr().println("sentinel: internal error: " + ex);
          return INTERNAL;
        });
    return cli;
  }
}
