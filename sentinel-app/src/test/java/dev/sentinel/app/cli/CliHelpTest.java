package dev.sentinel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command answers -h, --help and {@code help <command>} with its usage, options and defaults.
 */
class CliHelpTest {
  /**
   * A command path, one of its options, and that option's default as the usage shows it (or null).
   */
  private record Command(String path, String option, String defaultShown) {}

  private static final List<Command> COMMANDS =
      List.of(
          new Command("start", "-c, --config=FILE", "config/config.yaml"),
          new Command("check", "-c, --config=FILE", "config/config.yaml"),
          new Command("version", "-h, --help", null),
          new Command("trigger", "-h, --help", null),
          new Command("trigger ping", "-n, --count=COUNT", "4"),
          new Command("trigger http", "-t, --timeout=TIMEOUT", "10s"),
          new Command("trigger tcp", "-t, --timeout=TIMEOUT", "10s"),
          new Command("trigger dns", "--type=TYPE", "A"),
          new Command("trigger netdev", "--interval=DURATION", "1s"),
          new Command("trigger pcap", "-d, --duration=DURATION", "5s"));

  static Stream<Arguments> helpRequests() {
    return COMMANDS.stream()
        .flatMap(
            c ->
                Stream.of(
                    Arguments.of(c, c.path() + " -h"),
                    Arguments.of(c, c.path() + " --help"),
                    Arguments.of(c, "help " + c.path())));
  }

  @ParameterizedTest(name = "sentinel {1}")
  @MethodSource("helpRequests")
  void answersWithUsageOptionsAndDefaults(Command command, String args) {
    Cli r = Cli.run(args.split(" "));
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("Usage: sentinel " + command.path() + " ");
    assertThat(optionEntry(r.out(), "-h, --help")).contains("Show this help message and exit.");
    String entry = optionEntry(r.out(), command.option());
    if (command.defaultShown() != null) {
      assertThat(entry).contains("Default: " + command.defaultShown());
    }
  }

  @Test
  void triggerListsEveryProbeAndHelp() {
    assertThat(Cli.run("trigger", "--help").out())
        .containsPattern("(?m)^Commands:$")
        .containsPattern("(?m)^  ping +")
        .containsPattern("(?m)^  pcap +")
        .containsPattern("(?m)^  help +");
  }

  @Test
  void helpUnderTriggerWalksToTheProbe() {
    Cli r = Cli.run("trigger", "help", "ping");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo(Cli.run("help", "trigger", "ping").out())
        .startsWith("Usage: sentinel trigger ping ");
  }

  @Test
  void helpAloneAndTheTopLevelOptions() {
    Cli help = Cli.run("help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .startsWith("Usage: sentinel [-hV] [COMMAND]")
        .isEqualTo(Cli.run("--help").out());
    Cli version = Cli.run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("sentinel ").isEqualTo(Cli.run("version").out());
  }

  @ParameterizedTest(name = "sentinel {0}")
  @ValueSource(
      strings = {
        "",
        "start --bogus",
        "check -c",
        "trigger",
        "trigger http",
        "trigger ping --nope",
        "trigger pcap",
        "trigger tcp a b",
        "help nosuch",
        "help trigger nosuch",
        "trigger help nosuch",
        "nosuch"
      })
  void aUsageErrorHintsAtACommandThatWorks(String args) {
    Cli r = Cli.run(args.isEmpty() ? new String[0] : args.split(" "));
    assertThat(r.code()).isEqualTo(Main.USAGE);
    Matcher hint = Pattern.compile("(?m)^Try '(sentinel[^']*)'\\.$").matcher(r.err());
    assertThat(hint.find()).as("hint in %s", r.err()).isTrue();
    List<String> hinted = new ArrayList<>(Arrays.asList(hint.group(1).split(" ")));
    hinted.remove(0);
    Cli help = Cli.run(hinted.toArray(String[]::new));
    assertThat(help.code()).as(hint.group(1)).isZero();
    assertThat(help.out()).startsWith("Usage: sentinel");
  }

  /**
   * The lines of the usage that describe {@code option}: its own and the indented ones after it.
   */
  private static String optionEntry(String usage, String option) {
    List<String> lines = usage.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).stripLeading().startsWith(option)) {
        StringBuilder entry = new StringBuilder(lines.get(i));
        for (int j = i + 1; j < lines.size() && lines.get(j).matches(" {8,}\\S.*"); j++) {
          entry.append('\n').append(lines.get(j));
        }
        return entry.toString();
      }
    }
    throw new AssertionError("no " + option + " in:\n" + usage);
  }
}
