package dev.sentinel.sender.remotewrite;

import java.time.Duration;

/**
 * {@code sender.direct.prometheus}: remote write to a Prometheus started with {@code
 * --web.enable-remote-write-receiver} (or anything else that speaks Remote Write 1.0).
 */
public final class PrometheusProvider extends RemoteWriteProvider {
  public static final String TYPE = "prometheus";

  public PrometheusProvider() {
    super(TYPE);
  }

  /** Prometheus rejects samples more than about an hour behind its newest ("out of bounds"). */
  @Override
  public Duration defaultMaxSampleAge() {
    return Duration.ofHours(1);
  }
}
