package dev.sentinel.sender.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.sender.HttpDestinationContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusDestinationContractTest extends HttpDestinationContract {
  @Override
  protected DestinationProvider provider() {
    return new PrometheusProvider();
  }

  @Override
  protected String urlPath() {
    return "/api/v1/write";
  }

  @Override
  protected List<BadOptions> badOptions() {
    List<BadOptions> bad = httpBadOptions();
    bad.add(new BadOptions("url", Map.of("url", "http://127.0.0.1:9090/api/v1/query")));
    return bad;
  }

  @Test
  void postsOneRemoteWriteRequestPerBatchAndSkipsSamplesPrometheusWouldRefuse() {
    try (HttpReceiver receiver = startReceiver(); Destination d = open(receiver.options())) {
      assertThat(d.send(ONE_SAMPLE)).isEqualTo(SendResult.DELIVERED);
      assertThat(receiver.requests()).singleElement().satisfies(r -> {
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/v1/write");
      });
    }
    assertThat(provider().defaultMaxSampleAge()).isEqualTo(Duration.ofHours(1));
  }
}
