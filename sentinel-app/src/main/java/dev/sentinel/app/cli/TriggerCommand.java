package dev.sentinel.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sentinel trigger <plugin> …}: one ad-hoc probe, printed, nothing sent. */
@Command(
    name = "trigger",
    description = "Run one probe now and print the result; nothing is sent.",
    subcommands = {TriggerPingCommand.class, TriggerHttpCommand.class, TriggerTcpCommand.class, TriggerDnsCommand.class,
        TriggerNetdevCommand.class, TriggerPcapCommand.class, HelpCommand.class})
final class TriggerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a probe: trigger ping|http|tcp|dns|netdev|pcap …");
  }
}
