package dev.sentinel.plugins.http;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.ClientProxy;
import dev.sentinel.plugins.net.HttpClients;
import java.net.Proxy;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The {@code http} plugin: one HTTP(S) request per run (blackbox_exporter's http module, pushed),
 * with phase timings, status/header/body checks and TLS certificate expiry. Options are documented
 * in this module's README.
 */
public final class HttpPlugin implements Plugin {
  public static final String TYPE = "http";

  private final FamilyDns.Resolver resolver;
  private final HttpClients clients = new HttpClients(HttpPlugin::newBase, "sentinel-http");

  /** The plugin as found by ServiceLoader: the system resolver. */
  public HttpPlugin() {
    this(FamilyDns.Resolver.SYSTEM);
  }

  /** Names resolved by {@code resolver} (tests). */
  HttpPlugin(FamilyDns.Resolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public Optional<TriggerSpec> trigger() {
    return Optional.of(HttpTrigger.spec());
  }

  @Override
  public dev.sentinel.core.plugin.StatusView statusView() {
    return dev.sentinel.core.plugin.StatusView.line(
        java.util.List.of(),
        java.util.List.of(
            new dev.sentinel.core.plugin.StatusView.KeyValue("http_status_code", "Status", ""),
            new dev.sentinel.core.plugin.StatusView.KeyValue(
                "http_total_duration_ms", "Total", "ms"),
            new dev.sentinel.core.plugin.StatusView.KeyValue(
                "http_ssl_cert_days_left", "Cert", "days")),
        "http_total_duration_ms",
        "http_success");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ProbeSpec configure(Section options, TaskInfo task) {
    HttpProbeOptions o = HttpProbeOptions.parse(options);
    if (o.timeout() != null) {
      task.checkFits(options, "timeout", o.timeout());
    }
    return ProbeSpec.of(HttpSamples.LABELS, 30, () -> open(o));
  }

  /** The probe for valid options: its own client (DNS by family, TLS, source address, proxy). */
  private Probe open(HttpProbeOptions o) {
    TlsSettings tls = o.tls();
    ChainRecorder chains;
    ClientTls.Sockets sockets;
    try {
      chains = new ChainRecorder(tls.trustManager());
      sockets = tls.sockets(tls.context(chains));
    } catch (ClientTls.TlsFileException | GeneralSecurityException e) {
      // Loading read these files and built this context (TlsSettings.read), and core opens only a
      // spec
      // without problems: only a file changed since then gets here.
      throw new IllegalStateException("TLS set-up failed: " + e.getMessage(), e);
    }
    OkHttpClient.Builder b =
        base()
            .newBuilder()
            .dns(new FamilyDns(o.ipFamily(), resolver))
            .sslSocketFactory(sockets.socketFactory(), chains);
    if (sockets.hostnameVerifier() != null) {
      b.hostnameVerifier(sockets.hostnameVerifier());
    }
    if (o.source() != null) {
      b.socketFactory(new BoundSocketFactory(o.source()));
    }
    ClientProxy.apply(b, o.proxy());
    return new HttpProbe(o, b.build(), chains, this::workers);
  }

  /**
   * Shared by every task: no connection reuse (each run measures a fresh connection), no automatic
   * redirects.
   */
  private static OkHttpClient newBase() {
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .proxy(Proxy.NO_PROXY)
        .connectTimeout(0, TimeUnit.MILLISECONDS) // the call timeout bounds everything
        .readTimeout(0, TimeUnit.MILLISECONDS)
        .writeTimeout(0, TimeUnit.MILLISECONDS)
        .build();
  }

  private OkHttpClient base() {
    return clients.base();
  }

  ExecutorService workers() {
    return clients.workers();
  }

  @Override
  public void close() {
    clients.close();
  }
}
