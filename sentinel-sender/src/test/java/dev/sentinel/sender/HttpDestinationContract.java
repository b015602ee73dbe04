package dev.sentinel.sender;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.options.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link DestinationContract} plus what the HTTP destinations share through {@code HttpOptions} and
 * {@code HttpTransport}: a {@code url} is required, the sender's User-Agent and the basic-auth
 * credentials reach the receiver while the password never shows in {@code describe()}, 5xx is
 * retried and 400 rejected, and a receiver that never answers is a retry within the timeout.
 * Receivers are JDK {@code HttpServer}s on 127.0.0.1.
 */
public abstract class HttpDestinationContract extends DestinationContract {
  private static final String PASSWORD = "contract-pw-5ecret";

  /** What one request to the receiver carried. */
  protected record Request(String method, String path, String userAgent, String authorization) {}

  /** A loopback HTTP server answering every request with {@link #status} (200 unless set). */
  protected final class HttpReceiver implements Receiver {
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    HttpReceiver() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext("/", this::answer);
      server.start();
    }

    /** The requests so far, in order. */
    public List<Request> requests() {
      return List.copyOf(requests);
    }

    /** Answers every request from now on with {@code code}. */
    public void answerWith(int code) {
      status.set(code);
    }

    private void answer(HttpExchange exchange) throws IOException {
      exchange.getRequestBody().readAllBytes();
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("User-Agent"),
              exchange.getRequestHeaders().getFirst("Authorization")));
      int code = status.get();
      byte[] body =
          code == 200 ? new byte[0] : ("contract answer " + code).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }

    @Override
    public Map<String, Object> options() {
      return optionsFor("http://127.0.0.1:" + server.getAddress().getPort() + urlPath());
    }

    @Override
    public int received() {
      return requests.size();
    }

    @Override
    public void stop() {
      server.stop(0);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** The path below the receiver's address that {@code url} names ("" for a base URL). */
  protected abstract String urlPath();

  /** The options of a working setup sending to {@code url}. */
  protected Map<String, Object> optionsFor(String url) {
    Map<String, Object> options = new HashMap<>();
    options.put("url", url);
    return options;
  }

  @Override
  protected final HttpReceiver startReceiver() {
    return new HttpReceiver();
  }

  /** The bad options every HTTP destination shares; subclasses add their own. */
  protected List<BadOptions> httpBadOptions() {
    List<BadOptions> bad = new ArrayList<>();
    bad.add(new BadOptions("url", Map.of()));
    bad.add(new BadOptions("url", Map.of("url", "ftp://127.0.0.1:21" + urlPath())));
    bad.add(new BadOptions("url", Map.of("url", "http://user:pw@127.0.0.1:1" + urlPath())));
    bad.add(
        new BadOptions(
            "password", Map.of("url", "http://127.0.0.1:1" + urlPath(), "password", PASSWORD)));
    bad.add(
        new BadOptions(
            "headers",
            Map.of(
                "url", "http://127.0.0.1:1" + urlPath(), "headers", Map.of("Authorization", "x"))));
    bad.add(
        new BadOptions(
            "tls.bogus",
            Map.of("url", "https://127.0.0.1:1" + urlPath(), "tls", Map.of("bogus", true))));
    return bad;
  }

  @Test
  void sendsTheSenderUserAgentAndBasicAuthButNeverDescribesThePassword() {
    try (HttpReceiver receiver = startReceiver()) {
      Map<String, Object> options = receiver.options();
      options.put("username", "sentinel");
      options.put("password", PASSWORD);
      Problems problems = new Problems(SOURCE);
      DestinationSpec spec = configure(options, problems, DEFAULTS);
      assertThat(problems.errors()).isEmpty();
      assertThat(spec.describe()).doesNotContain(PASSWORD);
      assertThat(spec.toString()).doesNotContain(PASSWORD);
      try (Destination d = spec.open()) {
        assertThat(d.send(ONE_SAMPLE)).isEqualTo(SendResult.DELIVERED);
      }
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("sentinel:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      assertThat(receiver.requests())
          .first()
          .satisfies(
              r -> {
                assertThat(r.userAgent()).isEqualTo(DEFAULTS.userAgent());
                assertThat(r.authorization()).isEqualTo(basic);
              });
    }
  }

  @Test
  void serverErrorIsARetryAndBadRequestIsRejectedWithTheAnswer() {
    try (HttpReceiver receiver = startReceiver();
        Destination d = open(receiver.options())) {
      receiver.answerWith(503);
      assertThat(d.send(ONE_SAMPLE).status()).isEqualTo(SendResult.Status.RETRY);
      receiver.answerWith(400);
      SendResult rejected = d.send(ONE_SAMPLE);
      assertThat(rejected.status()).isEqualTo(SendResult.Status.REJECTED);
      assertThat(rejected.reason()).contains("400", "contract answer 400");
    }
  }

  @Test
  void aReceiverThatNeverAnswersIsARetryWithinTheTimeout() throws Exception {
    SenderDefaults quick = new SenderDefaults(Duration.ofMillis(500), DEFAULTS.userAgent());
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // held open, never answered
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              },
              "silent-receiver");
      acceptor.setDaemon(true);
      acceptor.start();
      Problems problems = new Problems(SOURCE);
      DestinationSpec spec =
          configure(
              optionsFor("http://127.0.0.1:" + silent.getLocalPort() + urlPath()), problems, quick);
      assertThat(problems.errors()).isEmpty();
      try (Destination d = spec.open()) {
        long t0 = System.nanoTime();
        SendResult r = d.send(ONE_SAMPLE);
        assertThat(r.status()).isEqualTo(SendResult.Status.RETRY);
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .isBetween(quick.timeout(), quick.timeout().plusSeconds(2));
      }
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
