package dev.sentinel.plugins.ping;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One configured ping: runs the engine, prints progress like ping, turns the outcome into samples. */
final class PingProbe implements Probe {
  static final String RTT = "ping_rtt_ms";
  static final String RTT_MIN = "ping_rtt_min_ms";
  static final String RTT_MAX = "ping_rtt_max_ms";
  static final String LOSS = "ping_packet_loss";
  static final String REACHABLE = "ping_reachable";
  static final String SENT = "ping_packets_sent";
  static final String RECEIVED = "ping_packets_received";
  static final String HOST_LABEL = "host";

  private final PingEngine engine;
  private final PingRequest request;

  PingProbe(PingEngine engine, PingRequest request) {
    this.engine = engine;
    this.request = request;
  }

  PingRequest request() {
    return request;
  }

  @Override
  public Set<String> labelNames() {
    return Set.of(HOST_LABEL);
  }

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    ProbeContext.Listener out = ctx.listener();
    PingOutcome o = engine.ping(request, new Progress(request.host(), out));
    printSummary(o, out);

    String host = request.host();
    List<Sample> samples = new ArrayList<>();
    boolean reachable = o.received() > 0;
    o.roundTrip()
        .filter(r -> reachable)
        .ifPresent(
            r -> {
              samples.add(ctx.gauge(RTT, r.avg(), HOST_LABEL, host));
              samples.add(ctx.gauge(RTT_MIN, r.min(), HOST_LABEL, host));
              samples.add(ctx.gauge(RTT_MAX, r.max(), HOST_LABEL, host));
            });
    samples.add(ctx.gauge(LOSS, reachable ? o.lossPercent() : 100, HOST_LABEL, host));
    samples.add(ctx.gauge(REACHABLE, reachable ? 1 : 0, HOST_LABEL, host));
    samples.add(ctx.gauge(SENT, o.transmitted(), HOST_LABEL, host));
    samples.add(ctx.gauge(RECEIVED, o.received(), HOST_LABEL, host));
    if (reachable) {
      return ProbeResult.success(samples);
    }
    return ProbeResult.failure(o.hasError() ? o.error() : "100% packet loss", samples);
  }

  private static void printSummary(PingOutcome o, ProbeContext.Listener out) {
    if (o.hasError() && o.transmitted() == 0) {
      out.line(o.error());
      return;
    }
    out.line("--- " + o.host() + " ping statistics ---");
    out.line(
        o.transmitted()
            + " packets transmitted, "
            + o.received()
            + " received"
            + (o.duplicates() > 0 ? ", +" + o.duplicates() + " duplicates" : "")
            + ", "
            + IputilsParser.formatPercent(o.lossPercent())
            + "% packet loss");
    if (o.received() > 0) {
      o.roundTrip()
          .ifPresent(
              r ->
                  out.line(
                      String.format(
                          java.util.Locale.ROOT,
                          "rtt min/avg/max = %.3f/%.3f/%.3f ms",
                          r.min(),
                          r.avg(),
                          r.max())));
    }
  }

  /** Turns engine events into ping-like progress lines. */
  private static final class Progress implements ReplyListener {
    private final String host;
    private final ProbeContext.Listener out;

    Progress(String host, ProbeContext.Listener out) {
      this.host = host;
      this.out = out;
    }

    @Override
    public void resolved(String name, String address) {
      out.line("PING " + name + " (" + address + ")");
    }

    @Override
    public void reply(Reply r) {
      StringBuilder sb =
          new StringBuilder()
              .append(r.bytes())
              .append(" bytes from ")
              .append(r.from())
              .append(": icmp_seq=")
              .append(r.seq());
      if (r.ttl() >= 0) {
        sb.append(" ttl=").append(r.ttl());
      }
      if (r.hasTime()) {
        sb.append(" time=").append(IputilsParser.formatTime(r.timeMs())).append(" ms");
      }
      if (r.duplicate()) {
        sb.append(" (DUP!)");
      }
      out.line(sb.toString());
    }

    @Override
    public void noReply(int seq) {
      out.line("no reply from " + host + ": icmp_seq=" + seq);
    }

    @Override
    public void notice(String text) {
      out.line(text);
    }
  }
}
