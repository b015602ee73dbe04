package dev.sentinel.sender.remotewrite;

import dev.sentinel.core.destination.DestinationProvider;
import java.time.Duration;

/** VictoriaMetrics takes a backlog of any age. */
class VictoriaMetricsDestinationContractTest extends RemoteWriteDestinationContract {
  @Override
  protected DestinationProvider provider() {
    return new VictoriaMetricsProvider();
  }

  @Override
  protected Duration defaultMaxSampleAge() {
    return Duration.ZERO;
  }
}
