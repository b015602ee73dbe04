package dev.sentinel.plugins.ping.icmp;

import dev.sentinel.plugins.net.Addresses;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.echo.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one {@code ping()} call. The calling thread sends and expires echoes; the receiver
 * threads record replies. Everything mutable is guarded by {@link #lock}; listener calls happen
 * outside it.
 */
final class Run {
  final List<PingTarget> targets;
  final EchoSpec spec;
  final EchoListener listener;
  final long timeoutNanos;
  final ReentrantLock lock = new ReentrantLock();
  final Condition changed = lock.newCondition();

  private final int[] sent;
  private final int[] duplicates;
  private final int[] ttl;
  private final double[][] rtts;
  private final String[] error;
  private int outstanding;

  /** Listener calls from receiver threads still running: ping() returns only after them. */
  private int callbacks;

  private boolean done;

  Run(List<PingTarget> targets, EchoSpec spec, EchoListener listener) {
    this.targets = targets;
    this.spec = spec;
    this.listener = listener;
    this.timeoutNanos = spec.timeout().toNanos();
    int n = targets.size();
    sent = new int[n];
    duplicates = new int[n];
    ttl = new int[n];
    Arrays.fill(ttl, -1);
    rtts = new double[n][];
    error = new String[n];
  }

  /** Called before sendmsg, so that a reply processed before sendmsg returns finds it counted. */
  void sending(int target) {
    lock.lock();
    try {
      sent[target]++;
      outstanding++;
    } finally {
      lock.unlock();
    }
  }

  /** sendmsg failed: the echo was not sent after all. */
  void sendFailed(Echo e, String message) {
    lock.lock();
    try {
      sent[e.target]--;
      outstanding--;
      if (error[e.target] == null) {
        error[e.target] = message;
      }
      if (outstanding == 0) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    notice(e.target, "icmp_seq=" + (e.round + 1) + " " + message);
  }

  /** A target that cannot be sent to at all (no socket for its family). */
  void unsendable(int target, String message) {
    boolean first;
    lock.lock();
    try {
      first = error[target] == null;
      if (first) {
        error[target] = message;
      }
    } finally {
      lock.unlock();
    }
    if (first) {
      notice(target, message);
    }
  }

  /**
   * Receiver thread: a reply matched {@code e}. The echo counts as outstanding until the listener
   * has seen the reply, so that every event of a run is delivered before {@code ping()} returns.
   */
  void reply(Echo e, int bytes, byte[] from, int replyTtl, long rttNanos) {
    boolean duplicate;
    lock.lock();
    try {
      if (done) {
        return;
      }
      if (e.state == Echo.PENDING) {
        if (rttNanos > timeoutNanos) {
          return; // late: it stays a loss, as in fping
        }
        e.state = Echo.ANSWERED;
        duplicate = false;
        if (rtts[e.target] == null) {
          rtts[e.target] = new double[spec.count()];
          Arrays.fill(rtts[e.target], Double.NaN);
        }
        rtts[e.target][e.round] = rttNanos / 1e6;
        if (ttl[e.target] < 0) {
          ttl[e.target] = replyTtl;
        }
      } else if (e.state == Echo.ANSWERED) {
        duplicate = true;
        duplicates[e.target]++;
      } else {
        return;
      }
      callbacks++;
    } finally {
      lock.unlock();
    }
    try {
      if (listener != EchoListener.NONE) {
        PingTarget t = targets.get(e.target);
        String text = Addresses.format(from);
        listener.reply(t, new Reply(bytes, text, e.round + 1, replyTtl, rttNanos / 1e6, duplicate));
      }
    } catch (RuntimeException ignored) {
      // a listener's failure must not stop the receiver
    } finally {
      lock.lock();
      try {
        callbacks--;
        if (!duplicate) {
          outstanding--;
        }
        // Wake the run's thread only for what it waits for: the last reply, or (once it is
        // finishing) the last listener call. Not for every reply: a run of a thousand targets
        // would wake a thousand times.
        if (outstanding == 0 || (done && callbacks == 0)) {
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Receiver thread: an ICMP error quoting {@code e}. */
  void errorNotice(Echo e, String text) {
    lock.lock();
    try {
      if (done) {
        return;
      }
      callbacks++;
    } finally {
      lock.unlock();
    }
    try {
      notice(e.target, text);
    } finally {
      lock.lock();
      try {
        if (--callbacks == 0 && done) {
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Calling thread: {@code e}'s deadline passed. */
  void expire(Echo e) {
    boolean lost = false;
    lock.lock();
    try {
      if (e.state == Echo.PENDING) {
        e.state = Echo.TIMED_OUT;
        lost = true;
        outstanding--;
      }
    } finally {
      lock.unlock();
    }
    if (lost) {
      try {
        listener.noReply(targets.get(e.target), e.round + 1);
      } catch (RuntimeException ignored) {
        // see reply()
      }
    }
  }

  void notice(int target, String text) {
    try {
      listener.notice(targets.get(target), text);
    } catch (RuntimeException ignored) {
      // see reply()
    }
  }

  /** All echoes sent and each answered or expired. Call with {@link #lock} held. */
  boolean complete(boolean allSent) {
    return allSent && outstanding == 0;
  }

  /** Ends the run: no further events start, and the ones under way are waited for. */
  void finish() {
    lock.lock();
    try {
      done = true;
      boolean interrupted = false;
      while (callbacks > 0) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          interrupted = true; // listeners are quick by contract; keep the flag for the caller
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * One result per target; when {@code startedOnly} (a run cut off), only the targets echoes went
   * to.
   */
  List<EchoResult> results(boolean startedOnly) {
    lock.lock();
    try {
      List<EchoResult> out = new ArrayList<>(targets.size());
      for (int i = 0; i < targets.size(); i++) {
        if (startedOnly && sent[i] == 0 && error[i] == null) {
          continue;
        }
        List<Double> list = new ArrayList<>();
        if (rtts[i] != null) {
          for (double d : rtts[i]) {
            if (!Double.isNaN(d)) {
              list.add(d);
            }
          }
        }
        String err = sent[i] == 0 && error[i] != null ? error[i] : "";
        out.add(new EchoResult(targets.get(i), sent[i], list, duplicates[i], ttl[i], err));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }
}
