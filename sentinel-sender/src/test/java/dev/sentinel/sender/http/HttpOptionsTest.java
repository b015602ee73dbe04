package dev.sentinel.sender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.sender.remotewrite.PrometheusProvider;
import dev.sentinel.sender.remotewrite.VictoriaMetricsProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpOptionsTest {
  static final SenderDefaults DEFAULTS = new SenderDefaults(Duration.ofSeconds(5), "Sentinel/test");
  private static final String PATH = "sender.direct.victoria_metrics";

  private final Problems problems = new Problems("test.yaml");

  private DestinationSpec configure(Map<String, ?> options) {
    return new VictoriaMetricsProvider().configure(Section.of(PATH, options, problems), DEFAULTS);
  }

  @Test
  void acceptsAValidConfig() {
    DestinationSpec spec =
        configure(
            Map.of(
                "url", "https://vm.example:8428/api/v1/write",
                "username", "probe",
                "password", "s3cr3t-pw",
                "headers", Map.of("X-Scope-OrgID", "tenant-secret-value")));

    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings()).isEmpty();
    assertThat(spec.name()).isEqualTo("victoria_metrics");
    assertThat(spec.describe())
        .contains("https://vm.example:8428/api/v1/write", "probe", "X-Scope-OrgID", "5000ms")
        .doesNotContain("s3cr3t-pw", "tenant-secret-value")
        .doesNotContain("\n");
  }

  @Test
  void prometheusTypeIsItsName() {
    DestinationSpec spec =
        new PrometheusProvider()
            .configure(
                Section.of(
                    "sender.direct.prometheus",
                    Map.of("url", "http://127.0.0.1:9090/api/v1/write"),
                    problems),
                DEFAULTS);
    assertThat(problems.errors()).isEmpty();
    assertThat(spec.name()).isEqualTo("prometheus");
    assertThat(spec.describe())
        .startsWith("prometheus: remote write 1.0 to http://127.0.0.1:9090/api/v1/write");
  }

  @Test
  void missingUrlIsAnError() {
    configure(Map.of());
    assertThat(problems.errors()).containsExactly("test.yaml: " + PATH + ".url: is required");
  }

  @Test
  void badUrlsAreErrorsNamingTheValue() {
    for (String url :
        new String[] {
          "ftp://vm:21/x",
          "vm:8428/api/v1/write",
          "/api/v1/write",
          "http://exa mple/",
          "http:///nohost"
        }) {
      Problems p = new Problems("test.yaml");
      new VictoriaMetricsProvider().configure(Section.of(PATH, Map.of("url", url), p), DEFAULTS);
      assertThat(p.errors()).as(url).hasSize(1);
      assertThat(p.errors().get(0))
          .as(url)
          .startsWith("test.yaml: " + PATH + ".url: \"" + url + "\"");
    }
  }

  @Test
  void urlWithUserinfoIsAnErrorThatDoesNotEchoThePassword() {
    configure(Map.of("url", "http://bob:hunter22@vm:8428/api/v1/write"));
    assertThat(problems.errors()).hasSize(1);
    assertThat(problems.errors().get(0))
        .contains(PATH + ".url", "put credentials in username/password")
        .doesNotContain("hunter22");
  }

  @Test
  void reservedHeadersAreErrorsSayingWhichAndWhy() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer abc");
    headers.put("content-type", "text/plain");
    headers.put("X-Prometheus-Remote-Write-Version", "2.0.0");
    headers.put("Host", "other");
    headers.put("X-Scope-OrgID", "ok");
    configure(Map.of("url", "http://vm:8428/api/v1/write", "headers", headers));

    assertThat(problems.errors()).hasSize(4);
    assertThat(problems.errors().get(0))
        .contains(PATH + ".headers", "\"Authorization\"", "username/password")
        .doesNotContain("Bearer abc");
    assertThat(problems.errors().get(1)).contains("\"content-type\"", "set by Sentinel");
    assertThat(problems.errors().get(2)).contains("\"X-Prometheus-Remote-Write-Version\"");
    assertThat(problems.errors().get(3)).contains("\"Host\"", "HTTP client");
  }

  @Test
  void invalidHeaderNameIsAnError() {
    configure(Map.of("url", "http://vm:8428/api/v1/write", "headers", Map.of("Bad Header", "x")));
    assertThat(problems.errors())
        .singleElement()
        .asString()
        .contains("not a valid HTTP header name");
  }

  @Test
  void passwordWithoutUsernameIsAnError() {
    configure(Map.of("url", "http://vm:8428/api/v1/write", "password", "pw-secret"));
    assertThat(problems.errors())
        .singleElement()
        .asString()
        .contains(PATH + ".password")
        .doesNotContain("pw-secret");
  }

  @Test
  void urlWithoutPathIsAWarning() {
    configure(Map.of("url", "http://vm:8428"));
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings()).singleElement().asString().contains("/api/v1/write");
  }

  @Test
  void describeHidesSecretLookingQueryParameters() {
    DestinationSpec spec =
        configure(
            Map.of("url", "http://vm:8428/api/v1/write?extra_label=site=a&access_token=tok123"));
    assertThat(spec.describe())
        .contains("extra_label=site=a", "access_token=***")
        .doesNotContain("tok123");
  }
}
