package dev.sentinel.core.destination;

/** A destination's validated options: immutable, cheap, and able to open the destination. */
public interface DestinationSpec {
  /**
   * The destination's name in logs, counts and self-metrics (its type, e.g. {@code prometheus}).
   */
  String name();

  /** One line for {@code sentinel check} and start-up logs. Never contains a secret. */
  String describe();

  /** Creates the live destination (HTTP client, open file). */
  Destination open();

  /**
   * Whether the destination takes something from the sentinel's identity (e.g. the Pushgateway's
   * grouping key): a reload that changes the identity then restarts it.
   */
  default boolean dependsOnIdentity() {
    return false;
  }
}
