package dev.sentinel.plugins.http;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeContext;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The samples of one run: a series is left out when its value is unknown, never NaN. */
final class HttpSamples {
  static final String PHASE_LABEL = "phase";
  static final String VERSION_LABEL = "version";
  static final String FAMILY_LABEL = "family";
  static final String REASON_LABEL = "reason";

  /** The labels the samples add. */
  static final Set<String> LABELS = Set.of(PHASE_LABEL, VERSION_LABEL, FAMILY_LABEL, REASON_LABEL);

  private HttpSamples() {}

  /**
   * @param bodyMatched whether the body passed its regexes, when it was checked
   * @param failure why the run failed, or null
   */
  static List<Sample> of(
      ProbeContext ctx,
      HttpRun run,
      HttpTls tls,
      long nowMs,
      Optional<Boolean> bodyMatched,
      Failure failure) {
    List<Sample> out = new ArrayList<>();
    Hop last = run.last();
    out.add(ctx.gauge("http_success", failure == null ? 1 : 0));
    if (last.status >= 0) {
      out.add(ctx.gauge("http_status_code", last.status));
    }
    if (last.bytes >= 0) {
      out.add(ctx.gauge("http_content_length_bytes", last.bytes));
    }
    out.add(ctx.gauge("http_redirects", run.redirects()));
    double[] phases = run.phases();
    for (int i = 0; i < phases.length; i++) {
      out.add(ctx.gauge("http_duration_ms", phases[i], PHASE_LABEL, PhaseTimer.PHASES[i]));
    }
    out.add(ctx.gauge("http_total_duration_ms", run.totalMs()));
    if (tls.version() != null) {
      out.add(ctx.gauge("http_tls_version_info", 1, VERSION_LABEL, tls.version()));
    }
    X509Certificate earliest = tls.earliest();
    if (earliest != null) {
      long notAfter = earliest.getNotAfter().getTime();
      out.add(ctx.gauge("http_ssl_earliest_cert_expiry_seconds", notAfter / 1000));
      out.add(ctx.gauge("http_ssl_cert_days_left", (notAfter - nowMs) / 86_400_000.0));
    }
    bodyMatched.ifPresent(
        matched -> out.add(ctx.gauge("http_body_regex_matched", matched ? 1 : 0)));
    InetSocketAddress remote = run.remote();
    if (remote != null && remote.getAddress() != null) {
      out.add(
          ctx.gauge(
              "http_ip_family_info",
              1,
              FAMILY_LABEL,
              remote.getAddress() instanceof Inet6Address ? "ip6" : "ip4"));
    }
    if (failure != null) {
      out.add(ctx.gauge("http_failure_info", 1, REASON_LABEL, failure.reason().label()));
    }
    return out;
  }
}
