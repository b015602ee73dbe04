package dev.sentinel.plugins.ping;

import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.plugins.net.Addresses;
import dev.sentinel.plugins.net.IpFamily;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.echo.Reply;
import java.util.List;

/**
 * Human-readable progress ({@code sentinel trigger ping} prints it; the daemon discards it): for
 * one target, like ping — header, a line per reply as it arrives, statistics; for many, like {@code
 * fping -c}: one summary line per target.
 */
final class PingReport implements EchoListener {
  private final ProbeContext.Listener out;
  private final PingOptions options;
  private final String method;
  private volatile boolean perReply;

  PingReport(ProbeContext.Listener out, PingOptions options, String method) {
    this.out = out;
    this.options = options;
    this.method = method;
  }

  static String describe(String method) {
    return switch (method) {
      case "dgram" -> "ICMP datagram socket";
      case "raw" -> "raw ICMP socket";
      case "none" -> "no ICMP method available";
      default -> "the ping command";
    };
  }

  void header(List<PingTarget> targets) {
    perReply = !options.multi() && targets.size() == 1;
    EchoSpec s = options.spec();
    if (perReply) {
      PingTarget t = targets.get(0);
      out.line(
          "PING "
              + t.host()
              + " ("
              + Addresses.text(t.address())
              + ") "
              + s.size()
              + " data bytes, via "
              + describe(method));
    } else if (!targets.isEmpty()) {
      out.line(
          "PING "
              + targets.size()
              + " targets, "
              + s.count()
              + " echo"
              + (s.count() == 1 ? "" : "es")
              + " each, via "
              + describe(method));
    }
  }

  @Override
  public void reply(PingTarget target, Reply r) {
    if (!perReply) {
      return;
    }
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
  public void noReply(PingTarget target, int seq) {
    if (perReply) {
      out.line("no reply from " + target.host() + ": icmp_seq=" + seq);
    }
  }

  @Override
  public void notice(PingTarget target, String text) {
    out.line(perReply ? text : target.host() + " : " + text);
  }

  /**
   * Milliseconds with three decimals, like ping prints them (cheaper than String.format per line).
   */
  static String ms3(double ms) {
    long n = Math.round(ms * 1000);
    long frac = n % 1000;
    return (n / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }

  /**
   * The statistics of {@code r}; {@code only}: it is the run's one result, so its error is the
   * run's.
   */
  void summary(EchoResult r, boolean only) {
    String host = r.target().host();
    if (r.sent() == 0 && !r.error().isEmpty()) {
      String text = perReply || options.hosts().size() == 1 ? r.error() : host + " : " + r.error();
      if (only) {
        out.failure(text);
      } else {
        out.line(text);
      }
      return;
    }
    double loss = r.sent() == 0 ? 100 : 100.0 * (r.sent() - r.received()) / r.sent();
    RttStats s = r.received() > 0 ? RttStats.of(r.rttsMs()) : null;
    if (perReply) {
      out.line("--- " + host + " ping statistics ---");
      out.line(
          r.sent()
              + " packets transmitted, "
              + r.received()
              + " received"
              + (r.duplicates() > 0 ? ", +" + r.duplicates() + " duplicates" : "")
              + ", "
              + IputilsParser.formatPercent(loss)
              + "% packet loss");
      if (s != null) {
        out.line(
            "rtt min/avg/max/mdev = "
                + ms3(s.min())
                + "/"
                + ms3(s.avg())
                + "/"
                + ms3(s.max())
                + "/"
                + ms3(s.mdev())
                + " ms");
        out.line("rtt median " + ms3(s.median()) + " ms, jitter " + ms3(s.jitter()) + " ms");
      }
      return;
    }
    String name =
        options.ipFamily() == IpFamily.BOTH
            ? host + " (" + Addresses.text(r.target().address()) + ")"
            : host;
    StringBuilder sb =
        new StringBuilder(name)
            .append(" : xmt/rcv/%loss = ")
            .append(r.sent())
            .append('/')
            .append(r.received())
            .append('/')
            .append(IputilsParser.formatPercent(loss))
            .append('%');
    if (s != null) {
      sb.append(", min/avg/max = ")
          .append(ms3(s.min()))
          .append('/')
          .append(ms3(s.avg()))
          .append('/')
          .append(ms3(s.max()));
    }
    out.line(sb.toString());
  }
}
