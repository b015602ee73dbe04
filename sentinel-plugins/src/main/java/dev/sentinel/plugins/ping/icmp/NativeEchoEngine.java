package dev.sentinel.plugins.ping.icmp;

import com.sun.jna.Memory;
import dev.sentinel.plugins.ping.echo.EchoEngine;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ICMP echo over native sockets (fping-style): one socket per address family shared by every run of
 * the process, one receiver thread per socket taking replies in batches ({@code recvmmsg}, see
 * {@link Receiver}), replies matched to the pending echo by (source address, identifier, sequence
 * number), a global 16-bit sequence space and a global send pacer. Round-trip times come from
 * kernel receive timestamps ({@code SO_TIMESTAMPNS}) minus {@code CLOCK_REALTIME} taken just before
 * {@code sendmsg}.
 *
 * <p>Several threads may call {@link #ping} at once: each run sends its own echoes (through the
 * shared pacer) and expires them on the calling thread, while the receiver threads record replies.
 */
public final class NativeEchoEngine implements EchoEngine, AutoCloseable {
  /** The socket type: {@code SOCK_DGRAM} (needs net.ipv4.ping_group_range) or {@code SOCK_RAW}. */
  public enum Kind {
    DGRAM,
    RAW
  }

  /** Default average gap between two sends (any targets, any runs): at most 100,000 a second. */
  static final Duration DEFAULT_SEND_GAP = Duration.ofNanos(10_000);

  /** How much later than its deadline an unanswered echo may be counted lost (see ping()). */
  static final long EXPIRY_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** How many sends may go back to back before the pacer makes a run wait. */
  static final int BURST = 64;

  private final Kind kind;
  private final IcmpSocket v4;
  private final IcmpSocket v6;
  private final String v6Unavailable;
  private final SecureRandom random;

  private final ReentrantLock sendLock = new ReentrantLock();
  // guarded by sendLock
  private final Memory timespec = new Memory(16);
  private final long[] time = new long[2];
  private long paceFrom = System.nanoTime() - 1_000_000_000L; // the pacer's budget, see pace()
  private int nextSeq;
  private long nextNonce;
  private boolean closed;

  private volatile long sendGapNanos = DEFAULT_SEND_GAP.toNanos();
  private volatile boolean jnaClock = true;

  private NativeEchoEngine(Kind kind, SecureRandom random) throws IcmpUnavailableException {
    this.kind = kind;
    this.random = random;
    boolean raw = kind == Kind.RAW;
    this.v4 = IcmpSocket.open(this, false, raw, random);
    IcmpSocket six = null;
    String why = null;
    try {
      six = IcmpSocket.open(this, true, raw, random);
    } catch (IcmpUnavailableException e) {
      why = e.getMessage();
    }
    this.v6 = six;
    this.v6Unavailable = why;
    this.nextSeq = random.nextInt(0x10000);
    this.nextNonce = random.nextLong();
  }

  /**
   * Opens the IPv4 socket (and the IPv6 one if the host has IPv6) of this kind in the calling
   * thread's network namespace.
   *
   * @throws IcmpUnavailableException when the kind cannot be used, with a one-line reason naming
   *     the errno (e.g. the {@code ping_group_range} that excludes the group, or missing
   *     CAP_NET_RAW)
   */
  public static NativeEchoEngine open(Kind kind) throws IcmpUnavailableException {
    Objects.requireNonNull(kind, "kind");
    try {
      return new NativeEchoEngine(kind, new SecureRandom());
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new IcmpUnavailableException("native access (JNA) is not available: " + e, 0);
    }
  }

  @Override
  public String method() {
    return kind == Kind.RAW ? "raw" : "dgram";
  }

  public Kind kind() {
    return kind;
  }

  /** Whether IPv6 targets can be pinged; when not, {@link #ipv6Unavailable()} says why. */
  public boolean ipv6() {
    return v6 != null;
  }

  /** Why there is no IPv6 socket, or {@code null}. */
  public String ipv6Unavailable() {
    return v6Unavailable;
  }

  /** Minimum gap between any two sends; 0 disables pacing. For tests and benchmarks. */
  void setSendGap(Duration gap) {
    if (gap.isNegative()) {
      throw new IllegalArgumentException("negative send gap");
    }
    sendGapNanos = gap.toNanos();
  }

  /** Send timestamps from a JNA-bound clock_gettime (true) or from {@link Instant#now()}. */
  void setJnaClock(boolean jna) {
    jnaClock = jna;
  }

  IcmpSocket socket(boolean ipv6) {
    return ipv6 ? v6 : v4;
  }

  /** CLOCK_REALTIME in ns; called under the send lock, just before sendmsg. */
  long realtimeNanos() {
    if (jnaClock && LibC.clock_gettime(LibC.CLOCK_REALTIME, timespec) == 0) {
      timespec.read(0, time, 0, 2);
      return time[0] * 1_000_000_000L + time[1];
    }
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public List<EchoResult> ping(List<PingTarget> targets, EchoSpec spec, EchoListener listener)
      throws InterruptedException {
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(listener, "listener");
    if (spec.size() < 0 || spec.size() > 65535 - 8) {
      throw new IllegalArgumentException("size must be 0 to 65527: " + spec.size());
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    List<PingTarget> list = List.copyOf(targets);
    Run run = new Run(list, spec, listener);
    int n = list.size();
    if (n == 0) {
      return List.of();
    }
    byte[][] addr = new byte[n][];
    int[] scope = new int[n];
    for (int i = 0; i < n; i++) {
      InetAddress a = list.get(i).address();
      addr[i] = a.getAddress();
      scope[i] = a instanceof Inet6Address a6 ? a6.getScopeId() : 0;
    }
    long interval = spec.interval().toNanos();
    long timeout = run.timeoutNanos;
    // The receiver gets a little longer than the timeout to deliver a reply that arrived in time,
    // and at least twice its longest pause (a reply may wait that long to be taken, see Receiver).
    long grace =
        Math.min(
            TimeUnit.MILLISECONDS.toNanos(5), Math.max(timeout / 10, 2 * Receiver.PAUSE_NANOS));
    long slack = Math.min(EXPIRY_SLACK_NANOS, timeout / 10);
    int count = spec.count();
    ArrayDeque<Echo> inFlight = new ArrayDeque<>();
    long start = System.nanoTime();
    int round = 0;
    int next = 0;
    boolean interrupted = false;
    try {
      while (true) {
        long now = System.nanoTime();
        int sinceExpire = 0;
        while (round < count && now - (start + round * interval) >= 0) {
          send(run, next, round, addr[next], scope[next], inFlight);
          if (++next == n) {
            next = 0;
            round++;
          }
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          now = System.nanoTime();
          if (++sinceExpire == 256) { // a long round must not delay the expiry of earlier echoes
            sinceExpire = 0;
            expire(run, inFlight, now, grace);
          }
        }
        expire(run, inFlight, now, grace);
        boolean allSent = round >= count;
        long wake = allSent ? Long.MAX_VALUE : start + round * interval;
        Echo head = inFlight.peekFirst();
        if (head != null && (allSent || head.deadline + grace + slack - wake < 0)) {
          // Expiries are gathered: a run's echoes are microseconds apart, and waking for each
          // deadline cost a thousand wake-ups a run. Counting a loss up to `slack` later changes
          // nothing measured (a reply later than the timeout never counts).
          wake = head.deadline + grace + slack;
        }
        run.lock.lock();
        try {
          if (run.complete(allSent)) {
            break;
          }
          long delay =
              wake == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : wake - System.nanoTime();
          if (delay > 0) {
            run.changed.awaitNanos(delay);
          }
        } finally {
          run.lock.unlock();
        }
      }
    } catch (InterruptedException cutOff) {
      // The run's time is up: report what was measured; echoes still in flight count as lost.
      interrupted = true;
    } finally {
      run.finish();
      for (Echo e : inFlight) {
        e.socket.pending.remove(e.key, e);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return run.results(interrupted);
  }

  private void expire(Run run, ArrayDeque<Echo> inFlight, long now, long grace) {
    Echo e;
    while ((e = inFlight.peekFirst()) != null && now - (e.deadline + grace) >= 0) {
      inFlight.pollFirst();
      e.socket.pending.remove(e.key, e);
      run.expire(e);
    }
  }

  private void send(
      Run run, int target, int round, byte[] dst, int scope, ArrayDeque<Echo> inFlight) {
    PingTarget t = run.targets.get(target);
    IcmpSocket s = t.ipv6() ? v6 : v4;
    if (s == null) {
      run.unsendable(target, "IPv6 is not available: " + v6Unavailable);
      return;
    }
    int errno;
    Echo e;
    sendLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the ICMP engine is closed");
      }
      e = new Echo(run, target, round, s, nextNonce++);
      Key key = allocate(s, dst);
      if (key == null) {
        errno = -1;
      } else {
        e.key = key;
        pace();
        run.sending(target);
        errno = s.send(e, dst, scope, run.spec, run.spec.sourceFor(t));
      }
    } finally {
      sendLock.unlock();
    }
    if (errno == 0) {
      e.deadline = e.sendNano + run.timeoutNanos;
      inFlight.addLast(e);
    } else if (errno < 0) {
      run.unsendable(target, "no free ICMP sequence number for " + t.address().getHostAddress());
    } else {
      run.sendFailed(e, "sendmsg: " + Errno.describe(errno));
    }
  }

  /** The next sequence number not pending for this address (under the send lock). */
  private Key allocate(IcmpSocket s, byte[] dst) {
    for (int i = 0; i < 0x10000; i++) {
      int seq = nextSeq;
      nextSeq = (nextSeq + 1) & 0xffff;
      Key k = s.key(dst, 0, seq);
      if (!s.pending.containsKey(k)) {
        return k;
      }
    }
    return null;
  }

  /**
   * Keeps sends to one per send gap on average (under the send lock), as a token bucket of {@link
   * #BURST} sends: a send within its budget goes at once, and a run that has used it up parks until
   * half the bucket has refilled. Parking, never spinning: a gap of microseconds is shorter than a
   * park, and spinning for each send cost a tenth of a core at 10,000 sends a second.
   */
  private void pace() {
    long gap = sendGapNanos;
    if (gap <= 0) {
      return;
    }
    long now = System.nanoTime();
    // The bucket is full once BURST gaps have passed since the budget's reference time.
    long floor = now - BURST * gap;
    if (paceFrom - floor < 0) {
      paceFrom = floor;
    }
    if (paceFrom + gap - now > 0) { // out of budget: wait for half the bucket
      long wake = paceFrom + (BURST / 2) * gap;
      while ((now = System.nanoTime()) - wake < 0) {
        LockSupport.parkNanos(wake - now);
      }
    }
    paceFrom += gap;
  }

  /** Stops the receiver threads and closes the sockets; runs still going get an exception. */
  @Override
  public void close() {
    sendLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      sendLock.unlock();
    }
    v4.close();
    if (v6 != null) {
      v6.close();
    }
  }
}
