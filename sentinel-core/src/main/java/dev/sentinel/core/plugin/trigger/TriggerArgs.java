package dev.sentinel.core.plugin.trigger;

import java.util.List;
import java.util.Optional;

/** The values a user gave a trigger command, by argument key (defaults applied). */
public interface TriggerArgs {
  /** The value of an option or parameter, if given or defaulted. */
  Optional<String> value(String key);

  /** Whether a flag was given. */
  boolean flag(String key);

  /** The values of a list parameter, in order (empty when none). */
  List<String> values(String key);
}
