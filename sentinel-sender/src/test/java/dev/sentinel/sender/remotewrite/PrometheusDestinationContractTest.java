package dev.sentinel.sender.remotewrite;

import dev.sentinel.core.destination.DestinationProvider;
import java.time.Duration;

/** Prometheus refuses samples more than about an hour behind its newest. */
class PrometheusDestinationContractTest extends RemoteWriteDestinationContract {
  @Override
  protected DestinationProvider provider() {
    return new PrometheusProvider();
  }

  @Override
  protected Duration defaultMaxSampleAge() {
    return Duration.ofHours(1);
  }
}
