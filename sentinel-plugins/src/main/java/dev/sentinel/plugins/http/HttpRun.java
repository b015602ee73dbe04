package dev.sentinel.plugins.http;

import dev.sentinel.plugins.http.Failure.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * One run's requests: the configured one and each redirect it follows (a {@link Hop} each, on a
 * fresh connection), all within the run's budget, timed by one {@link PhaseTimer}. It stops at a
 * response it does not follow, the first request that fails, or a redirect past {@code
 * max_redirects}.
 */
final class HttpRun {
  private final HttpProbeOptions options;
  private final HttpRequests requests;
  private final PhaseTimer timer = new PhaseTimer();
  private final HttpExchange exchange;
  private final Duration budget;
  private final long start = System.nanoTime();
  private final List<Hop> hops = new ArrayList<>();
  private Failure failure;
  private double totalMs;
  private double[] phases;

  private HttpRun(
      HttpProbeOptions options,
      HttpRequests requests,
      OkHttpClient client,
      Supplier<ExecutorService> executor,
      Duration budget) {
    this.options = options;
    this.requests = requests;
    this.exchange =
        new HttpExchange(
            client.newBuilder().eventListener(timer).build(), timer, executor, options);
    this.budget = budget;
  }

  /** Makes the requests of one run within {@code budget}. */
  static HttpRun make(
      HttpProbeOptions options,
      HttpRequests requests,
      OkHttpClient client,
      Supplier<ExecutorService> executor,
      Duration budget)
      throws InterruptedException {
    HttpRun run = new HttpRun(options, requests, client, executor, budget);
    run.failure = run.follow();
    run.totalMs = (System.nanoTime() - run.start) / 1e6;
    run.phases = run.timer.millis();
    return run;
  }

  private Failure follow() throws InterruptedException {
    HttpUrl url = options.url();
    String method = options.method();
    String body = options.body();
    while (true) {
      Hop hop = new Hop(url, method);
      hops.add(hop);
      Failure failed = request(hop, body);
      if (failed != null || !options.followRedirects() || !hop.isFollowable()) {
        return failed;
      }
      HttpUrl next = url.resolve(hop.location);
      if (next == null) {
        return null; // the checks report the unusable Location
      }
      if (hops.size() > options.maxRedirects()) {
        return new Failure(
            Reason.STATUS,
            "too many redirects (more than max_redirects " + options.maxRedirects() + ")");
      }
      if (hop.status == 303 && !method.equals("HEAD")
          || (hop.status == 301 || hop.status == 302) && method.equals("POST")) {
        method = "GET";
        body = null;
      }
      url = next;
    }
  }

  /** One hop: null when a response arrived (whatever its status), else why none did. */
  private Failure request(Hop hop, String body) throws InterruptedException {
    Request request;
    try {
      request = requests.build(hop.url, hop.method, body);
    } catch (IOException e) {
      return new Failure(Reason.CONFIG, e.getMessage());
    }
    long remaining = start + budget.toNanos() - System.nanoTime();
    if (remaining <= 0) {
      return new Failure(
          Reason.TIMEOUT, "timed out after " + HttpReport.ms(budget.toNanos() / 1e6) + " ms");
    }
    exchange.execute(request, hop, remaining);
    timer.closeAll();
    if (hop.error != null || hop.hardTimeout) {
      return HttpFailures.classify(hop, System.nanoTime() - start >= budget.toNanos() - 1_000_000);
    }
    return null;
  }

  /** Every hop, the first request first. */
  List<Hop> hops() {
    return Collections.unmodifiableList(hops);
  }

  Hop last() {
    return hops.get(hops.size() - 1);
  }

  int redirects() {
    return hops.size() - 1;
  }

  /** Why a request failed, or null when the last response arrived (the checks come next). */
  Failure failure() {
    return failure;
  }

  double totalMs() {
    return totalMs;
  }

  /** Milliseconds per phase ({@link PhaseTimer#PHASES}), summed over the hops. */
  double[] phases() {
    return phases.clone();
  }

  /**
   * The last response's handshake, else the last one completed (e.g. before a failed request), or
   * null.
   */
  Handshake handshake() {
    Hop last = last();
    return last.handshake != null ? last.handshake : timer.handshake();
  }

  /** The last address a connection was attempted to (the proxy's with a proxy), or null. */
  InetSocketAddress remote() {
    return timer.remote();
  }
}
