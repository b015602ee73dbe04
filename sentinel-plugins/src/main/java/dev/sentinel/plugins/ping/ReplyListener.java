package dev.sentinel.plugins.ping;

import dev.sentinel.plugins.ping.echo.Reply;

/**
 * Receives events while a ping runs, on the thread that called {@link
 * ExecPingEngine#ping(PingRequest, ReplyListener)}, in the order they happen.
 */
public interface ReplyListener {
  ReplyListener NONE = new ReplyListener() {};

  /** The host name resolved to {@code address}. */
  default void resolved(String host, String address) {}

  /** An echo reply arrived (possibly a duplicate). */
  default void reply(Reply reply) {}

  /** Echo {@code seq} got no answer (yet: a late reply may still follow). */
  default void noReply(int seq) {}

  /**
   * Something else worth showing, e.g. {@code From 10.0.0.1 icmp_seq=1 Destination Host
   * Unreachable}.
   */
  default void notice(String text) {}
}
