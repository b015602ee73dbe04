package dev.sentinel.plugins.tcp;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;

/**
 * Why a run failed, thrown by the part of the run that failed and caught once by {@link TcpRun}:
 * one of the fixed reasons, the text (the run's error) and, for a query_response step, its index.
 */
final class TcpFailure extends Exception {
  /** The fixed set of values of {@code tcp_failure_info{reason}}. */
  enum Reason {
    DNS,
    CONNECT,
    REFUSED,
    TLS,
    TIMEOUT,
    EXPECT,
    CLOSED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;
  private final int step;

  TcpFailure(Reason reason, String text) {
    this(reason, text, -1);
  }

  TcpFailure(Reason reason, String text, int step) {
    super(text, null, false, false); // an outcome, not a bug: no stack trace
    this.reason = reason;
    this.step = step;
  }

  Reason reason() {
    return reason;
  }

  /** The 0-based index of the query_response step that failed, or -1. */
  int step() {
    return step;
  }

  /** Rethrows an interrupt that surfaced as an I/O error (an interrupted channel closes itself). */
  static void rethrowInterrupt(IOException e) throws InterruptedException {
    if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
      Thread.interrupted();
      InterruptedException ie = new InterruptedException("interrupted during tcp probe");
      ie.initCause(e);
      throw ie;
    }
  }

  /** The most useful message of an exception chain (TLS errors nest the reason). */
  static String message(Throwable e) {
    Throwable t = e;
    String best = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        best = t.getMessage();
      }
      if (t.getCause() == null || t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    String m = best == null ? e.getClass().getSimpleName() : best;
    return TcpReport.clip(m);
  }
}
