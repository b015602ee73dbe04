package dev.sentinel.plugins.ping.echo;

/**
 * Receives events while a run goes on, possibly from an engine thread and for many targets
 * interleaved: implementations must be thread-safe and quick.
 */
public interface EchoListener {
  EchoListener NONE = new EchoListener() {};

  /** An echo reply arrived (possibly a duplicate). */
  default void reply(PingTarget target, Reply reply) {}

  /** Echo {@code seq} got no reply within the timeout. */
  default void noReply(PingTarget target, int seq) {}

  /** Something else worth showing, e.g. an ICMP error from a router, or a send error. */
  default void notice(PingTarget target, String text) {}
}
