package dev.sentinel.plugins.ping.icmp;

import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.echo.Reply;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records every listener call, thread-safely. */
final class Events implements EchoListener {
  record Got(PingTarget target, Reply reply) {}

  record Lost(PingTarget target, int seq) {}

  record Note(PingTarget target, String text) {}

  final Queue<Got> replies = new ConcurrentLinkedQueue<>();
  final Queue<Lost> lost = new ConcurrentLinkedQueue<>();
  final Queue<Note> notices = new ConcurrentLinkedQueue<>();

  @Override
  public void reply(PingTarget target, Reply reply) {
    replies.add(new Got(target, reply));
  }

  @Override
  public void noReply(PingTarget target, int seq) {
    lost.add(new Lost(target, seq));
  }

  @Override
  public void notice(PingTarget target, String text) {
    notices.add(new Note(target, text));
  }

  List<Reply> repliesFor(PingTarget t) {
    return replies.stream().filter(g -> g.target() == t).map(Got::reply).toList();
  }

  List<Integer> lostFor(PingTarget t) {
    return lost.stream().filter(l -> l.target() == t).map(Lost::seq).sorted().toList();
  }

  List<String> noticesFor(PingTarget t) {
    return notices.stream().filter(n -> n.target() == t).map(Note::text).toList();
  }
}
