package dev.sentinel.sender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SendResult.Status;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.sender.remotewrite.RemoteWriteDestination;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** 429 / 5xx with Retry-After (delta-seconds and HTTP-date) → SendResult.retryAfter. */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void parsesDeltaSecondsAndAllThreeHttpDateForms() {
    assertThat(ResponseClassifier.parseRetryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    assertThat(ResponseClassifier.parseRetryAfter(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    assertThat(ResponseClassifier.parseRetryAfter("Sat, 21 Nov 2026 10:01:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(ResponseClassifier.parseRetryAfter("Saturday, 21-Nov-26 10:00:10 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(ResponseClassifier.parseRetryAfter("Sat Nov 21 10:00:05 2026", NOW))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(ResponseClassifier.parseRetryAfter("Sun Nov  1 10:00:05 2026", NOW))
        .isEqualTo(Duration.ZERO); // past
  }

  @Test
  void pastUnparsableAndNegativeValuesAreZero() {
    assertThat(ResponseClassifier.parseRetryAfter("Fri, 20 Nov 2026 10:00:00 GMT", NOW)).isZero();
    assertThat(ResponseClassifier.parseRetryAfter("soon", NOW)).isZero();
    assertThat(ResponseClassifier.parseRetryAfter("-5", NOW)).isZero();
    assertThat(ResponseClassifier.parseRetryAfter("1.5", NOW)).isZero();
    assertThat(ResponseClassifier.parseRetryAfter("", NOW)).isZero();
    assertThat(ResponseClassifier.parseRetryAfter(null, NOW)).isZero();
    assertThat(ResponseClassifier.parseRetryAfter("99999999999999999999999", NOW)).isPositive();
  }

  @Test
  void classifierUsesRetryAfterFor429And5xxOnly() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    SendResult r = ResponseClassifier.classify(429, "slow down", null, "30", clock);
    assertThat(r.status()).isEqualTo(Status.RETRY);
    assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.reason())
        .isEqualTo("HTTP 429: slow down (receiver is rate limiting) (Retry-After: 30s)");
    assertThat(
            ResponseClassifier.classify(503, "", null, "Sat, 21 Nov 2026 10:00:07 GMT", clock)
                .retryAfter())
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(ResponseClassifier.classify(429, "", null, null, clock).retryAfter()).isZero();
    assertThat(ResponseClassifier.classify(400, "bad", null, "30", clock).status())
        .isEqualTo(Status.REJECTED);
    assertThat(ResponseClassifier.classify(400, "bad", null, "30", clock).retryAfter()).isZero();
  }

  @Test
  void transportPassesTheHeaderThrough() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getLoopbackAddress(), 0);
      HttpOptions options =
          new HttpOptions(URI.create(server.url("/api/v1/write").toString()), "", "", Map.of());
      try (RemoteWriteDestination d =
          new RemoteWriteDestination("victoria_metrics", options, HttpOptionsTest.DEFAULTS)) {
        List<Sample> batch =
            List.of(Sample.gauge("m", Labels.EMPTY, 1, System.currentTimeMillis()));
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "17").build());
        SendResult r = d.send(batch);
        assertThat(r.status()).isEqualTo(Status.RETRY);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(17));

        String inTwoMinutes =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                .format(Instant.now().plusSeconds(120).atOffset(ZoneOffset.UTC));
        server.enqueue(
            new MockResponse.Builder().code(503).setHeader("Retry-After", inTwoMinutes).build());
        SendResult r2 = d.send(batch);
        assertThat(r2.status()).isEqualTo(Status.RETRY);
        assertThat(r2.retryAfter()).isBetween(Duration.ofSeconds(110), Duration.ofSeconds(121));

        server.enqueue(
            new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "Thu, 01 Jan 2015 00:00:00 GMT")
                .build());
        assertThat(d.send(batch).retryAfter()).isZero();
      }
    }
  }
}
