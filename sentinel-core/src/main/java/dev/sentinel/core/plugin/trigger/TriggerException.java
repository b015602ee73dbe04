package dev.sentinel.core.plugin.trigger;

/**
 * Arguments a trigger cannot run with: the command line prints {@code sentinel: <message>} and
 * exits 2.
 */
public final class TriggerException extends Exception {
  private static final long serialVersionUID = 1L;

  public TriggerException(String message) {
    super(message, null, false, false);
  }
}
