package dev.sentinel.core.plugin.trigger;

import java.util.List;
import java.util.Objects;

/**
 * A plugin's {@code sentinel trigger <type>} command: the arguments it takes, described so that the
 * command line can render them (options, defaults, help), and how the values the user gave become
 * one run. The plugin spells its own option keys here, so they live in its package only.
 *
 * @param description one line for the command's help
 * @param args the command's options and parameters, in help order ({@code --json} and the help
 *     options are added by the command line)
 * @param builder turns the values into a run, or refuses them with a usage error
 */
public record TriggerSpec(String description, List<TriggerArg> args, Builder builder) {
  public TriggerSpec {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(builder, "builder");
    args = List.copyOf(args);
  }

  /** Builds the run from what the user gave. */
  @FunctionalInterface
  public interface Builder {
    TriggerRequest build(TriggerArgs args) throws TriggerException;
  }
}
