package dev.sentinel.plugins.http;

import java.util.Locale;

/**
 * Why a run failed: one of the fixed {@code http_failure_info} reasons and a readable text, the
 * run's error.
 */
record Failure(Failure.Reason reason, String text) {
  /** The fixed set of {@code http_failure_info} reasons. */
  enum Reason {
    DNS,
    CONNECT,
    TLS,
    TIMEOUT,
    STATUS,
    BODY,
    HEADER,
    SSL_REQUIRED,
    SSL_FORBIDDEN,
    CONFIG;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
