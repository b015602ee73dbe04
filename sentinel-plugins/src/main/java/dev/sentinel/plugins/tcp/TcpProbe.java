package dev.sentinel.plugins.tcp;

import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;

/**
 * One configured tcp task. Each run ({@link TcpRun}) resolves the host, connects (optionally from
 * {@code source}), optionally does a TLS handshake ({@link TlsSetup}), then plays the
 * query_response steps ({@link TcpDialogue}), all within the timeout: {@code timeout}, capped by
 * the task's run budget.
 */
final class TcpProbe implements Probe {
  static final String HOST_LABEL = "host";
  static final String PORT_LABEL = "port";
  static final String REASON_LABEL = "reason";

  static final String SUCCESS = "tcp_success";
  static final String CONNECT_MS = "tcp_connect_duration_ms";
  static final String TLS_MS = "tcp_tls_handshake_duration_ms";
  static final String CERT_EXPIRY = "tcp_ssl_earliest_cert_expiry_seconds";
  static final String CERT_DAYS_LEFT = "tcp_ssl_cert_days_left";
  static final String TOTAL_MS = "tcp_total_duration_ms";
  static final String FAILED_STEP = "tcp_failed_step";
  static final String FAILURE_INFO = "tcp_failure_info";

  /** The labels its samples add. */
  static final Set<String> LABELS = Set.of(HOST_LABEL, PORT_LABEL, REASON_LABEL);

  /** Name resolution, replaceable in tests so they never query DNS. */
  interface Resolver {
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final TcpOptions options;
  private final Resolver resolver;

  TcpProbe(TcpOptions options, Resolver resolver) {
    this.options = options;
    this.resolver = resolver;
  }

  TcpOptions options() {
    return options;
  }

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Duration timeout =
        options.timeout().filter(t -> t.compareTo(ctx.budget()) < 0).orElse(ctx.budget());
    return new TcpRun(options, resolver, ctx, timeout).execute();
  }
}
