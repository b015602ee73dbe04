package dev.sentinel.sender.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.sender.HttpDestinationContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code delete_on_shutdown} on, so closing (twice) goes through the DELETE too. */
class PushgatewayDestinationContractTest extends HttpDestinationContract {
  @Override
  protected DestinationProvider provider() {
    return new PushgatewayProvider();
  }

  @Override
  protected String urlPath() {
    return "";
  }

  @Override
  protected Map<String, Object> optionsFor(String url) {
    Map<String, Object> options = super.optionsFor(url);
    options.put("job", "contract");
    options.put("delete_on_shutdown", true);
    return options;
  }

  @Override
  protected List<BadOptions> badOptions() {
    List<BadOptions> bad = httpBadOptions();
    bad.add(new BadOptions("url", Map.of("url", "http://127.0.0.1:9091/metrics/job/x")));
    bad.add(new BadOptions("job", Map.of("url", "http://127.0.0.1:9091", "job", " ")));
    bad.add(
        new BadOptions(
            "grouping",
            Map.of("url", "http://127.0.0.1:9091", "grouping", Map.of("instance", "x"))));
    return bad;
  }

  @Test
  void putsTheSnapshotToTheSentinelsGroupAndDeletesItOnClose() {
    try (HttpReceiver receiver = startReceiver()) {
      try (Destination d = open(receiver.options())) {
        assertThat(d.send(ONE_SAMPLE)).isEqualTo(SendResult.DELIVERED);
      }
      assertThat(receiver.requests())
          .extracting(r -> r.method() + " " + r.path())
          .containsExactly(
              "PUT /metrics/job/contract/instance/contract-1",
              "DELETE /metrics/job/contract/instance/contract-1");
    }
  }
}
