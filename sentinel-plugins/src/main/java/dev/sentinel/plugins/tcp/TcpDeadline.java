package dev.sentinel.plugins.tcp;

import dev.sentinel.core.options.Durations;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A run's time limit: what is left of it, and whether the watchdog found it passed. */
final class TcpDeadline {
  private final Duration timeout;
  private final long deadline;
  private final AtomicBoolean expired = new AtomicBoolean();

  TcpDeadline(long startNanos, Duration timeout) {
    this.timeout = timeout;
    this.deadline = startNanos + timeout.toNanos();
  }

  Duration timeout() {
    return timeout;
  }

  long remainingNanos() {
    return deadline - System.nanoTime();
  }

  /** The remaining time in whole milliseconds, at least 1 (0 would mean "no timeout"). */
  int remainingMillis() {
    return (int)
        Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remainingNanos())));
  }

  /** "within 4.5s", for messages. */
  String within() {
    return "within " + Durations.format(timeout);
  }

  /** Called by the watchdog as it closes the socket. */
  void expire() {
    expired.set(true);
  }

  /** Whether the watchdog closed the socket: an I/O error since then is the deadline's doing. */
  boolean expired() {
    return expired.get();
  }
}
