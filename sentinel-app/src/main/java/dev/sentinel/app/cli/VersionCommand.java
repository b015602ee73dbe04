package dev.sentinel.app.cli;

import dev.sentinel.core.SentinelVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code sentinel version}. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  static final class Provider implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }
  }

  static String line() {
    return "sentinel "
        + SentinelVersion.get()
        + " (Java "
        + System.getProperty("java.version")
        + ")";
  }

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(line());
    return Main.OK;
  }
}
