package dev.sentinel.core.engine;

/**
 * The daemon cannot start because of something outside the config file's syntax: a port in use, a
 * spool directory held by another Sentinel. {@link #key()} is the config key to look at.
 */
public final class StartException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String key;

  public StartException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
