package dev.sentinel.plugins.ping;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.plugins.net.IpFamily;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.PingTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The samples for one target's result. RTT series only when a reply came back: never NaN. */
final class PingSamples {
  static final String RTT = "ping_rtt_ms";
  static final String RTT_MIN = "ping_rtt_min_ms";
  static final String RTT_MAX = "ping_rtt_max_ms";
  static final String RTT_MDEV = "ping_rtt_mdev_ms";
  static final String RTT_MEDIAN = "ping_rtt_median_ms";
  static final String JITTER = "ping_jitter_ms";
  static final String LOSS = "ping_packet_loss";
  static final String REACHABLE = "ping_reachable";
  static final String SENT = "ping_packets_sent";
  static final String RECEIVED = "ping_packets_received";
  static final String DUPLICATES = "ping_duplicates";
  static final String REPLY_TTL = "ping_reply_ttl";

  private PingSamples() {}

  /** {@code ping_rtt_ms_p95}, {@code ping_rtt_ms_p99_9}. */
  static String percentileName(double p) {
    String n =
        p == Math.rint(p)
            ? Long.toString((long) p)
            : String.format(Locale.ROOT, "%s", p).replace('.', '_');
    return RTT + "_p" + n;
  }

  /**
   * Milliseconds rounded to whole nanoseconds: no clock here is finer, and it drops float noise.
   */
  static double ns(double ms) {
    return Math.round(ms * 1e6) / 1e6;
  }

  /** The labels of {@code target}'s samples: the context's, its device_id and host (and family). */
  static Labels labels(ProbeContext ctx, PingTarget target, PingOptions options) {
    return ctx.forDevice(target.deviceId())
        .withLabels(
            options.ipFamily() == IpFamily.BOTH
                ? new String[] {
                  PingProbe.HOST_LABEL,
                  target.host(),
                  PingProbe.FAMILY_LABEL,
                  target.ipv6() ? "ip6" : "ip4"
                }
                : new String[] {PingProbe.HOST_LABEL, target.host()})
        .baseLabels();
  }

  /** {@code r}'s samples, with {@code labels} (see {@link #labels}), stamped {@code timeMs}. */
  static List<Sample> of(Labels labels, long timeMs, EchoResult r, PingOptions options) {
    Gauges c = new Gauges(labels, timeMs);
    List<Sample> out = new ArrayList<>();
    int received = r.received();
    if (received > 0) {
      RttStats s = RttStats.of(r.rttsMs());
      out.add(c.gauge(RTT, ns(s.avg())));
      out.add(c.gauge(RTT_MIN, ns(s.min())));
      out.add(c.gauge(RTT_MAX, ns(s.max())));
      out.add(c.gauge(RTT_MDEV, ns(s.mdev())));
      out.add(c.gauge(RTT_MEDIAN, ns(s.median())));
      for (double p : options.percentiles()) {
        out.add(c.gauge(percentileName(p), ns(s.percentile(p))));
      }
      if (received > 1) {
        out.add(c.gauge(JITTER, ns(s.jitter())));
      }
      if (r.replyTtl() >= 0) {
        out.add(c.gauge(REPLY_TTL, r.replyTtl()));
      }
    }
    double loss =
        r.sent() == 0 ? 100 : 100.0 * (r.sent() - Math.min(received, r.sent())) / r.sent();
    out.add(c.gauge(LOSS, loss));
    out.add(c.gauge(REACHABLE, received > 0 ? 1 : 0));
    out.add(c.gauge(SENT, r.sent()));
    out.add(c.gauge(RECEIVED, received));
    out.add(c.gauge(DUPLICATES, r.duplicates()));
    return out;
  }

  /** Makes gauges with one label set and timestamp: a target's samples share both. */
  private record Gauges(Labels labels, long timeMs) {
    Sample gauge(String name, double value) {
      return new Sample(name, labels, value, timeMs, Sample.Kind.GAUGE);
    }
  }
}
