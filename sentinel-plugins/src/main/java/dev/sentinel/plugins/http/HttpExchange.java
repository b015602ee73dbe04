package dev.sentinel.plugins.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Sends a run's requests, each on a worker thread: the response head, then the body up to {@code
 * body_size_limit}, into the request's {@link Hop}. The run's thread waits interruptibly and
 * cancels the call when interrupted or late, so a request never outlives the run's budget.
 */
final class HttpExchange {
  /** How long past the time left the run waits for the worker before giving up on it. */
  static final Duration SLACK = Duration.ofMillis(500);

  private final OkHttpClient client;
  private final PhaseTimer timer;
  private final Supplier<ExecutorService> executor;
  private final HttpProbeOptions options;

  /** {@code client} reports its events to {@code timer}. */
  HttpExchange(
      OkHttpClient client,
      PhaseTimer timer,
      Supplier<ExecutorService> executor,
      HttpProbeOptions options) {
    this.client = client;
    this.timer = timer;
    this.executor = executor;
    this.options = options;
  }

  /**
   * Runs one request on a worker; waits interruptibly, cancelling the call when interrupted or
   * late.
   */
  void execute(Request request, Hop hop, long remainingNanos) throws InterruptedException {
    Call call = client.newCall(request);
    call.timeout().timeout(remainingNanos, TimeUnit.NANOSECONDS);
    Future<?> f;
    try {
      f = executor.get().submit(() -> exchange(call, hop));
    } catch (RejectedExecutionException e) {
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
      hop.error =
          cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
    }
  }

  /** On the worker: the request, then the body up to the limit. */
  private void exchange(Call call, Hop hop) {
    try (Response response = call.execute()) {
      hop.status = response.code();
      hop.message = response.message().isBlank() ? reasonPhrase(hop.status) : response.message();
      hop.headers = response.headers();
      hop.location = response.header("Location");
      hop.handshake = response.handshake();
      if (options.followRedirects() && hop.isFollowable()) {
        timer.bodyDone();
        return;
      }
      readBody(call, response.body(), hop);
    } catch (IOException e) {
      if (!hop.truncated) {
        hop.error = e;
      }
    }
  }

  private void readBody(Call call, ResponseBody rb, Hop hop) throws IOException {
    MediaType type = rb.contentType();
    if (type != null && type.charset() != null) {
      hop.charset = type.charset();
    }
    boolean keep = options.checksBody();
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
}
