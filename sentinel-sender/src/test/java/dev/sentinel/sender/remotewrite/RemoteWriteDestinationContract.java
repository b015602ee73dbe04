package dev.sentinel.sender.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.sender.HttpDestinationContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP contract plus what both remote-write types share: one POST per batch, known wrong paths
 * refused.
 */
abstract class RemoteWriteDestinationContract extends HttpDestinationContract {
  /** How old a sample may be, unless the user says otherwise, and still be sent. */
  protected abstract Duration defaultMaxSampleAge();

  @Override
  protected final String urlPath() {
    return "/api/v1/write";
  }

  @Override
  protected final List<BadOptions> badOptions() {
    List<BadOptions> bad = httpBadOptions();
    bad.add(new BadOptions("url", Map.of("url", "http://127.0.0.1:8428/api/v1/import")));
    bad.add(new BadOptions("url", Map.of("url", "http://127.0.0.1:9090/api/v1/query")));
    return bad;
  }

  @Test
  void postsOneRemoteWriteRequestPerBatch() {
    try (HttpReceiver receiver = startReceiver();
        Destination d = open(receiver.options())) {
      assertThat(d.send(ONE_SAMPLE)).isEqualTo(SendResult.DELIVERED);
      assertThat(receiver.requests())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).isEqualTo("/api/v1/write");
              });
    }
  }

  @Test
  void samplesAreSentUpToTheDefaultMaximumAge() {
    assertThat(provider().defaultMaxSampleAge()).isEqualTo(defaultMaxSampleAge());
  }
}
