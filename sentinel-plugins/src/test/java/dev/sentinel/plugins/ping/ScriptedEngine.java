package dev.sentinel.plugins.ping;

import dev.sentinel.plugins.ping.echo.EchoEngine;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.echo.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An engine for tests that answers from a script: for each target address, the RTT (ms) of each
 * echo, or null for no reply. Emits the listener events a real engine would. No network.
 */
final class ScriptedEngine implements EchoEngine {
  private final Map<String, List<Double>> rttsByAddress;
  final List<List<PingTarget>> runs = new ArrayList<>();

  ScriptedEngine(Map<String, List<Double>> rttsByAddress) {
    this.rttsByAddress = rttsByAddress;
  }

  @Override
  public String method() {
    return "scripted";
  }

  @Override
  public List<EchoResult> ping(List<PingTarget> targets, EchoSpec spec, EchoListener listener) {
    runs.add(List.copyOf(targets));
    List<EchoResult> out = new ArrayList<>();
    for (PingTarget t : targets) {
      List<Double> script = rttsByAddress.getOrDefault(t.address().getHostAddress(), List.of());
      List<Double> rtts = new ArrayList<>();
      for (int seq = 1; seq <= spec.count(); seq++) {
        Double rtt = seq <= script.size() ? script.get(seq - 1) : null;
        if (rtt == null) {
          listener.noReply(t, seq);
        } else {
          rtts.add(rtt);
          listener.reply(
              t, new Reply(spec.size() + 8, t.address().getHostAddress(), seq, 64, rtt, false));
        }
      }
      out.add(new EchoResult(t, spec.count(), rtts, 0, rtts.isEmpty() ? -1 : 64, ""));
    }
    return out;
  }
}
