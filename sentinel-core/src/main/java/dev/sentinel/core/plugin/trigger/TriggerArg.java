package dev.sentinel.core.plugin.trigger;

import java.util.List;
import java.util.Objects;

/**
 * One argument of a trigger command: an option ({@code names} like {@code -n}, {@code --count}) or
 * a positional parameter (no names). {@code key} is how the builder asks for its value.
 *
 * @param defaultValue shown in help and used when the option is not given; null for none
 */
public record TriggerArg(
    String key,
    List<String> names,
    String label,
    String description,
    String defaultValue,
    Kind kind) {

  /** What the argument takes. */
  public enum Kind {
    /** An option without a value: present or not. */
    FLAG,
    /** An option with one value. */
    OPTION,
    /** An option with one value that must be given. */
    REQUIRED_OPTION,
    /** One positional value that must be given. */
    PARAMETER,
    /** Any number of positional values. */
    PARAMETERS
  }

  public TriggerArg {
    Objects.requireNonNull(key, "key");
    names = List.copyOf(names);
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kind, "kind");
  }

  public static TriggerArg flag(String key, String description, String... names) {
    return new TriggerArg(key, List.of(names), null, description, null, Kind.FLAG);
  }

  public static TriggerArg option(
      String key, String label, String defaultValue, String description, String... names) {
    return new TriggerArg(key, List.of(names), label, description, defaultValue, Kind.OPTION);
  }

  public static TriggerArg required(String key, String label, String description, String... names) {
    return new TriggerArg(key, List.of(names), label, description, null, Kind.REQUIRED_OPTION);
  }

  public static TriggerArg parameter(String key, String label, String description) {
    return new TriggerArg(key, List.of(), label, description, null, Kind.PARAMETER);
  }

  public static TriggerArg parameters(String key, String label, String description) {
    return new TriggerArg(key, List.of(), label, description, null, Kind.PARAMETERS);
  }

  /** The name shown in error messages: the options' names, or the parameter's label. */
  public String shownAs() {
    return names.isEmpty() ? label : String.join("/", names);
  }
}
