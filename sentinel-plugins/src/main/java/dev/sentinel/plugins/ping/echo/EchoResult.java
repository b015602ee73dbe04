package dev.sentinel.plugins.ping.echo;

import java.util.List;
import java.util.Objects;

/**
 * What one target's echoes came to.
 *
 * @param target the target
 * @param sent echo requests actually sent
 * @param rttsMs round-trip times in ms of the first reply to each answered request, in sequence
 *     order (duplicates excluded); its size is the number received
 * @param duplicates extra replies to requests already answered
 * @param replyTtl TTL / hop limit of the first reply, or -1 when unknown or nothing came back
 * @param error why nothing could be sent (e.g. a send error); empty otherwise
 */
public record EchoResult(
    PingTarget target, int sent, List<Double> rttsMs, int duplicates, int replyTtl, String error) {
  public EchoResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(error, "error");
    rttsMs = List.copyOf(rttsMs);
  }

  public int received() {
    return rttsMs.size();
  }

  public static EchoResult failed(PingTarget target, int sent, String error) {
    return new EchoResult(target, sent, List.of(), 0, -1, error);
  }
}
