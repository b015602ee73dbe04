package dev.sentinel.sender.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class PushgatewayProviderTest {
  private static final String PATH = "sender.direct.pushgateway";
  private final Problems problems = new Problems("test.yaml");

  private PushgatewaySpec configure(Map<String, ?> options) {
    return (PushgatewaySpec)
        new PushgatewayProvider()
            .configure(
                Section.of(PATH, options, problems),
                new SenderDefaults(Duration.ofSeconds(5), "S/1"));
  }

  @Test
  void groupingPairsUseBase64ForSlashesAndEmptyValues() {
    HttpUrl.Builder b = HttpUrl.get("http://pg:9091/").newBuilder().addPathSegment("metrics");
    PushgatewayDestination.addPair(b, "job", "sentinel");
    PushgatewayDestination.addPair(b, "path", "/var/tmp");
    PushgatewayDestination.addPair(b, "empty", "");
    PushgatewayDestination.addPair(b, "odd", "a b%");
    assertThat(b.build().encodedPath())
        .isEqualTo("/metrics/job/sentinel/path@base64/L3Zhci90bXA=/empty@base64/=/odd/a%20b%25");
  }

  @Test
  void validConfigAndDescribe() {
    PushgatewaySpec spec =
        configure(
            Map.of(
                "url",
                "http://pg:9091",
                "username",
                "u",
                "password",
                "pg-secret",
                "grouping",
                Map.of("site", "lab"),
                "delete_on_shutdown",
                true));
    assertThat(problems.errors()).isEmpty();
    assertThat(spec.job()).isEqualTo("sentinel");
    assertThat(spec.describe())
        .contains(
            "pushgateway: PUT latest values to http://pg:9091",
            "job \"sentinel\"",
            "{site=lab}",
            "deleted on shutdown")
        .doesNotContain("pg-secret");
  }

  @Test
  void badOptionsAreErrors() {
    Map<String, Object> grouping = new LinkedHashMap<>();
    grouping.put("instance", "x");
    grouping.put("bad-name", "x");
    configure(Map.of("url", "http://pg:9091/metrics/job/x", "job", " ", "grouping", grouping));
    assertThat(problems.errors())
        .containsExactly(
            "test.yaml: "
                + PATH
                + ".url: is the Pushgateway's base URL (e.g. http://127.0.0.1:9091); the"
                + " /metrics/job/... path is built from job, grouping and the Sentinel's name",
            "test.yaml: " + PATH + ".job: must not be empty",
            "test.yaml: "
                + PATH
                + ".grouping: label \"instance\" is set by Sentinel (job from the job option,"
                + " instance from the Sentinel's name)",
            "test.yaml: " + PATH + ".grouping: \"bad-name\" is not a valid label name");
  }
}
