package dev.sentinel.core.options;

/**
 * A value that is well formed but too large to represent (a duration past 292 years, a size past
 * 8EiB, a whole number past 32 bits). {@link Section} reports it against the key's range.
 */
final class OutOfRange extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  OutOfRange(String text) {
    super(text + " is out of range");
  }
}
