package dev.sentinel.plugins.ping.echo;

import java.util.List;

/**
 * Sends ICMP echoes for a run of many targets at once and collects what came back. One engine
 * serves every ping task of the process. Implementations: native ICMP sockets (datagram or raw,
 * {@code icmp} package) and the system {@code ping} binary ({@code ping.ExecPingEngine}).
 */
public interface EchoEngine {
  /** How echoes are sent: {@code dgram}, {@code raw} or {@code exec}. */
  String method();

  /**
   * Sends {@code spec.count()} echoes to every target, {@code spec.interval()} apart per target,
   * all targets in parallel, and waits up to {@code spec.timeout()} after each request for its
   * reply. Returns one result per target, in the order given. A target that cannot be reached is a
   * result, never an exception.
   *
   * <p>Interrupted mid-run (the task's timeout), it stops sending and returns what it measured: the
   * echoes sent so far, those answered, the ones still awaiting a reply counted as lost, and only
   * the targets it had started on; the thread's interrupt flag stays set.
   *
   * @throws InterruptedException when the calling thread is interrupted before anything was sent
   *     (the engine stays usable for other runs)
   */
  List<EchoResult> ping(List<PingTarget> targets, EchoSpec spec, EchoListener listener)
      throws InterruptedException;
}
