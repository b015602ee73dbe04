package dev.sentinel.plugins.http;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.Handshake;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One configured http task. Each run makes one request (plus one per followed redirect, each on a
 * fresh connection), reads the body up to {@code body_size_limit}, checks status, headers, body and
 * TLS, and reports what it measured. The network work happens on a worker thread; the probe thread
 * waits for it and cancels the call when interrupted or past the timeout, so a run never outlives
 * its budget. A failing target is a failure result, never an exception.
 */
final class HttpProbe implements Probe {
  static final String PHASE_LABEL = "phase";
  static final String VERSION_LABEL = "version";
  static final String FAMILY_LABEL = "family";
  static final String REASON_LABEL = "reason";
  /** How long past the timeout the probe waits for the worker before giving up on it. */
  static final Duration SLACK = Duration.ofMillis(500);

  /** The fixed set of {@code http_failure_info} reasons. */
  enum Reason {
    DNS, CONNECT, TLS, TIMEOUT, STATUS, BODY, HEADER, SSL_REQUIRED, SSL_FORBIDDEN, CONFIG;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What one request (hop) gave. */
  static final class Hop {
    HttpUrl url;
    String method;
    int status = -1;
    String message = "";
    Headers headers = Headers.EMPTY;
    String location;
    long bytes = -1;
    boolean truncated;
    byte[] body;
    Charset charset = StandardCharsets.UTF_8;
    Handshake handshake;
    IOException error;
    boolean hardTimeout;
  }

  private final HttpProbeOptions options;
  private final HttpChecks checks;
  private final OkHttpClient client;
  private final ChainRecorder chains;
  private final Supplier<ExecutorService> executor;

  HttpProbe(HttpProbeOptions options, OkHttpClient client, ChainRecorder chains,
      Supplier<ExecutorService> executor) {
    this.options = options;
    this.checks = new HttpChecks(options);
    this.client = client;
    this.chains = chains;
    this.executor = executor;
  }

  HttpProbeOptions options() {
    return options;
  }

  /** The labels its samples add. */
  static final Set<String> LABELS = Set.of(PHASE_LABEL, VERSION_LABEL, FAMILY_LABEL, REASON_LABEL);

  /** The time budget: {@code timeout} within the task's run budget ({@link ProbeContext#budget()}), else 10s. */
  Duration budget(ProbeContext ctx) {
    Duration fromTask = ctx.timeout() == null ? null : ctx.budget();
    if (options.timeout() != null) {
      return fromTask != null && fromTask.compareTo(options.timeout()) < 0 ? fromTask : options.timeout();
    }
    return fromTask != null ? fromTask : HttpProbeOptions.DEFAULT_TIMEOUT;
  }

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    HttpReport report = new HttpReport(ctx.listener(), ctx.clock());
    List<Sample> samples = new ArrayList<>();
    Duration budget = budget(ctx);
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    PhaseTimer timer = new PhaseTimer();
    OkHttpClient runClient = client.newBuilder().eventListener(timer).build();
    chains.reset();

    List<Hop> hops = new ArrayList<>();
    Reason reason = null;
    String why = null;
    HttpUrl url = options.url();
    String method = options.method();
    String body = options.body();
    Hop hop;
    while (true) {
      hop = new Hop();
      hop.url = url;
      hop.method = method;
      hops.add(hop);
      Request request;
      try {
        request = request(url, method, body);
      } catch (IOException e) {
        reason = Reason.CONFIG;
        why = e.getMessage();
        break;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        reason = Reason.TIMEOUT;
        why = "timed out after " + HttpReport.ms(budget.toNanos() / 1e6) + " ms";
        break;
      }
      boolean mayFollow = options.followRedirects();
      execute(runClient, request, hop, remaining, mayFollow, timer);
      timer.closeAll();
      if (hop.error != null || hop.hardTimeout) {
        Object[] c = HttpFailures.classify(hop, System.nanoTime() - start >= budget.toNanos() - 1_000_000);
        reason = (Reason) c[0];
        why = (String) c[1];
        break;
      }
      if (mayFollow && isRedirect(hop.status) && hop.location != null) {
        HttpUrl next = url.resolve(hop.location);
        if (next != null) {
          if (hops.size() > options.maxRedirects()) {
            reason = Reason.STATUS;
            why = "too many redirects (more than max_redirects " + options.maxRedirects() + ")";
            break;
          }
          if (hop.status == 303 && !method.equals("HEAD")
              || (hop.status == 301 || hop.status == 302) && method.equals("POST")) {
            method = "GET";
            body = null;
          }
          url = next;
          continue;
        }
      }
      break;
    }
    double totalMs = (System.nanoTime() - start) / 1e6;
    Hop last = hops.get(hops.size() - 1);
    int redirects = hops.size() - 1;
    if (reason == null) {
      Object[] c = checks.check(last);
      if (c != null) {
        reason = (Reason) c[0];
        why = (String) c[1];
      }
    }
    Boolean bodyOk = null;
    if (last.body != null && (!options.failIfBodyMatches().isEmpty() || !options.failIfBodyNotMatches().isEmpty())) {
      bodyOk = checks.bodyProblem(last) == null;
    }

    // samples
    boolean ok = reason == null;
    samples.add(ctx.gauge("http_success", ok ? 1 : 0));
    if (last.status >= 0) {
      samples.add(ctx.gauge("http_status_code", last.status));
    }
    if (last.bytes >= 0) {
      samples.add(ctx.gauge("http_content_length_bytes", last.bytes));
    }
    samples.add(ctx.gauge("http_redirects", redirects));
    double[] phases = timer.millis();
    for (int i = 0; i < phases.length; i++) {
      samples.add(ctx.gauge("http_duration_ms", phases[i], PHASE_LABEL, PhaseTimer.PHASES[i]));
    }
    samples.add(ctx.gauge("http_total_duration_ms", totalMs));
    Handshake handshake = last.handshake != null ? last.handshake : timer.handshake();
    String tlsVersion = handshake == null ? null : tlsVersion(handshake.tlsVersion().javaName());
    if (tlsVersion != null) {
      samples.add(ctx.gauge("http_tls_version_info", 1, VERSION_LABEL, tlsVersion));
    }
    X509Certificate[] chain = chain(handshake);
    long nowMs = ctx.clock().millis();
    X509Certificate earliest = earliest(chain);
    if (earliest != null) {
      long notAfter = earliest.getNotAfter().getTime();
      samples.add(ctx.gauge("http_ssl_earliest_cert_expiry_seconds", notAfter / 1000));
      samples.add(ctx.gauge("http_ssl_cert_days_left", (notAfter - nowMs) / 86_400_000.0));
    }
    if (bodyOk != null) {
      samples.add(ctx.gauge("http_body_regex_matched", bodyOk ? 1 : 0));
    }
    InetSocketAddress remote = timer.remote();
    if (remote != null && remote.getAddress() != null) {
      samples.add(ctx.gauge("http_ip_family_info", 1, FAMILY_LABEL,
          remote.getAddress() instanceof Inet6Address ? "ip6" : "ip4"));
    }
    if (!ok) {
      samples.add(ctx.gauge("http_failure_info", 1, REASON_LABEL, reason.label()));
    }

    report.result(hops, phases, totalMs, tlsVersion, chain, nowMs);
    if (ok) {
      return ProbeResult.success(samples);
    }
    report.failed(reason.label(), why);
    return ProbeResult.failure(why, samples);
  }

  private Request request(HttpUrl url, String method, String body) throws IOException {
    Request.Builder b = new Request.Builder().url(url);
    boolean sameOrigin = url.scheme().equals(options.url().scheme())
        && url.host().equals(options.url().host()) && url.port() == options.url().port();
    boolean userAgent = false;
    for (Map.Entry<String, String> h : options.headers().entrySet()) {
      if (!sameOrigin && h.getKey().equalsIgnoreCase("Authorization")) {
        continue;
      }
      userAgent |= h.getKey().equalsIgnoreCase("User-Agent");
      b.header(h.getKey(), h.getValue());
    }
    if (!userAgent) {
      b.header("User-Agent", "Sentinel-http-probe");
    }
    String authorization = sameOrigin ? options.auth().authorization() : null; // never to another origin
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    RequestBody rb = null;
    if (body != null) {
      String type = options.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      rb = RequestBody.create(body.getBytes(StandardCharsets.UTF_8), type == null ? null : MediaType.parse(type));
    } else if (requiresBody(method)) {
      rb = RequestBody.create(new byte[0], null);
    }
    return b.method(method, rb).build();
  }

  private static boolean requiresBody(String method) {
    return switch (method) {
      case "POST", "PUT", "PATCH", "PROPPATCH", "REPORT", "QUERY" -> true;
      default -> false;
    };
  }

  /** The usual reason phrase (HTTP/2 sends none). */
  static String reasonPhrase(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 206 -> "Partial Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Runs one request on a worker; waits interruptibly, cancelling the call when interrupted or late. */
  private void execute(OkHttpClient c, Request request, Hop hop, long remainingNanos, boolean mayFollow,
      PhaseTimer timer) throws InterruptedException {
    Call call = c.newCall(request);
    call.timeout().timeout(remainingNanos, TimeUnit.NANOSECONDS);
    Future<?> f;
    try {
      f = executor.get().submit(() -> exchange(call, hop, mayFollow, timer));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      hop.error = new IOException("the http plugin is closed");
      return;
    }
    try {
      f.get(remainingNanos + SLACK.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      call.cancel();
      f.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      call.cancel();
      f.cancel(true);
      hop.hardTimeout = true;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      hop.error = cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
    }
  }

  /** On the worker: the request, then the body up to the limit. */
  private void exchange(Call call, Hop hop, boolean mayFollow, PhaseTimer timer) {
    try (Response response = call.execute()) {
      hop.status = response.code();
      hop.message = response.message().isBlank() ? reasonPhrase(hop.status) : response.message();
      hop.headers = response.headers();
      hop.location = response.header("Location");
      hop.handshake = response.handshake();
      if (mayFollow && isRedirect(hop.status) && hop.location != null) {
        timer.bodyDone();
        return;
      }
      ResponseBody rb = response.body();
      MediaType type = rb.contentType();
      if (type != null && type.charset() != null) {
        hop.charset = type.charset();
      }
      boolean keep = !options.failIfBodyMatches().isEmpty() || !options.failIfBodyNotMatches().isEmpty();
      long limit = options.bodySizeLimit();
      BufferedSource source = rb.source();
      Buffer kept = new Buffer();
      Buffer chunk = new Buffer();
      long total = 0;
      try {
        while (total < limit) {
          long n = source.read(chunk, Math.min(64 * 1024, limit - total));
          if (n == -1) {
            break;
          }
          total += n;
          if (keep) {
            kept.write(chunk, n);
          } else {
            chunk.clear();
          }
        }
      } catch (IOException e) {
        hop.bytes = total;
        timer.bodyDone();
        throw e;
      }
      timer.bodyDone();
      hop.bytes = total;
      if (total >= limit && rb.contentLength() != total) {
        hop.truncated = true;
        call.cancel(); // read no further: closing must not drain the rest
      }
      if (keep) {
        hop.body = kept.readByteArray();
      }
    } catch (IOException e) {
      if (!hop.truncated) {
        hop.error = e;
      }
    }
  }

  /** "TLSv1.3" → "TLS 1.3" (blackbox's spelling). */
  static String tlsVersion(String javaName) {
    return javaName.startsWith("TLSv") ? "TLS " + javaName.substring(4) : javaName;
  }

  /** The presented chain: from the handshake, else the one the trust manager saw (a rejected chain). */
  private X509Certificate[] chain(Handshake handshake) {
    if (handshake != null && !handshake.peerCertificates().isEmpty()) {
      return handshake.peerCertificates().stream().filter(X509Certificate.class::isInstance)
          .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }
    return chains.lastChain();
  }

  private static X509Certificate earliest(X509Certificate[] chain) {
    X509Certificate out = null;
    if (chain != null) {
      for (X509Certificate c : chain) {
        if (out == null || c.getNotAfter().before(out.getNotAfter())) {
          out = c;
        }
      }
    }
    return out;
  }
}
