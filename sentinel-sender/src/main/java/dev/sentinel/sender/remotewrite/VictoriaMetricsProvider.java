package dev.sentinel.sender.remotewrite;

/**
 * {@code sender.direct.victoria_metrics}: remote write to VictoriaMetrics (or vmagent/vminsert).
 */
public final class VictoriaMetricsProvider extends RemoteWriteProvider {
  public static final String TYPE = "victoria_metrics";

  public VictoriaMetricsProvider() {
    super(TYPE);
  }
}
