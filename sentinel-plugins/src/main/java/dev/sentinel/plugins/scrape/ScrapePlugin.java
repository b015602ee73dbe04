package dev.sentinel.plugins.scrape;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.StatusView;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.plugin.trigger.TriggerSpec;
import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.ClientProxy;
import dev.sentinel.plugins.net.HttpClients;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The {@code scrape} plugin: reads Prometheus exporters on the box (text format 0.0.4 or
 * OpenMetrics) and sends their series through the buffer like any probe's, with the target's
 * labels, staleness markers and the per-target series Prometheus adds ({@code up}, …). Options are
 * documented in this module's README.
 */
public final class ScrapePlugin implements Plugin {
  public static final String TYPE = "scrape";

  /** A guess at one target's series, for sizing the default buffer. */
  private static final int SAMPLES_PER_TARGET = 1000;

  private final HttpClients clients = new HttpClients(ScrapePlugin::newBase, "sentinel-scrape");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Optional<TriggerSpec> trigger() {
    return Optional.of(ScrapeTrigger.spec());
  }

  @Override
  public StatusView statusView() {
    return StatusView.line(
        List.of("instance"),
        List.of(
            new StatusView.KeyValue("up", "Up", ""),
            new StatusView.KeyValue("scrape_samples_scraped", "Samples", ""),
            new StatusView.KeyValue("scrape_duration_seconds", "Duration", "s")),
        "scrape_duration_seconds",
        "up");
  }

  @Override
  public ProbeSpec configure(Section options, TaskInfo task) {
    ScrapeOptions o = ScrapeOptions.parse(options, task);
    if (o.timeout() != null) {
      task.checkFits(options, ScrapeOptions.TIMEOUT, o.timeout());
    }
    int targets = Math.max(1, o.targets().size() + (o.fileSd() == null ? 0 : 1));
    return ProbeSpec.of(Set.of("job", "instance"), targets * SAMPLES_PER_TARGET, () -> open(o));
  }

  private Probe open(ScrapeOptions o) {
    OkHttpClient.Builder b = base().newBuilder();
    TlsSettings tls = o.tls();
    if (tls.custom()) {
      try {
        javax.net.ssl.X509TrustManager trust = tls.trustManager();
        ClientTls.Sockets sockets = tls.sockets(tls.context(trust));
        b.sslSocketFactory(sockets.socketFactory(), trust);
        if (sockets.hostnameVerifier() != null) {
          b.hostnameVerifier(sockets.hostnameVerifier());
        }
      } catch (ClientTls.TlsFileException | GeneralSecurityException e) {
        // Loading read these files (TlsSettings.read); only a file changed since then gets here.
        throw new IllegalStateException("TLS set-up failed: " + e.getMessage(), e);
      }
    }
    ClientProxy.apply(b, o.proxy());
    return new ScrapeProbe(o, b.build(), this::workers);
  }

  /**
   * Shared by every task: connections are kept between scrapes (an exporter is read every few
   * seconds), redirects followed as Prometheus does, compressed bodies accepted.
   */
  private static OkHttpClient newBase() {
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(5, 5, TimeUnit.MINUTES))
        .retryOnConnectionFailure(true)
        .proxy(java.net.Proxy.NO_PROXY)
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
