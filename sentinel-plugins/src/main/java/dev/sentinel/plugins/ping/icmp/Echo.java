package dev.sentinel.plugins.ping.icmp;

/** One echo request in flight: registered in its socket's pending map from send to deadline. */
final class Echo {
  static final int PENDING = 0;
  static final int ANSWERED = 1;
  static final int TIMED_OUT = 2;

  final Run run;
  final int target;
  final int round;
  final IcmpSocket socket;
  final long nonce;
  Key key;

  /** System.nanoTime() and CLOCK_REALTIME ns taken immediately before sendmsg. */
  volatile long sendNano;

  volatile long sendReal;

  /** nanoTime after which the calling thread gives up on it (its own field; no sharing). */
  long deadline;

  /** Guarded by {@code run.lock}. */
  int state = PENDING;

  Echo(Run run, int target, int round, IcmpSocket socket, long nonce) {
    this.run = run;
    this.target = target;
    this.round = round;
    this.socket = socket;
    this.nonce = nonce;
  }
}
