package dev.sentinel.core.options;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while reading a config, so the user sees them all at once. Each
 * renders as {@code file:line: key.path: message}.
 */
public final class Problems {
  private final String source;
  private final List<String> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  public Problems(String source) {
    this.source = source;
  }

  public void error(int line, String path, String message) {
    errors.add(format(line, path, message));
  }

  public void warn(int line, String path, String message) {
    warnings.add(format(line, path, message));
  }

  private String format(int line, String path, String message) {
    StringBuilder sb = new StringBuilder();
    if (source != null) {
      sb.append(source).append(':');
      if (line > 0) {
        sb.append(line).append(':');
      }
      sb.append(' ');
    }
    if (path != null && !path.isEmpty()) {
      sb.append(path).append(": ");
    }
    return sb.append(message).toString();
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Throws a {@link ConfigException} listing every error, if there is any. */
  public void throwIfErrors() {
    if (hasErrors()) {
      throw new ConfigException(errors());
    }
  }
}
