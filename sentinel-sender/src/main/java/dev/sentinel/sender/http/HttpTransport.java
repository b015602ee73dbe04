package dev.sentinel.sender.http;

import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SenderDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A small HTTP client for one destination URL: sends a body with the protocol headers, the
 * User-Agent, basic auth and the user's custom headers, and classifies the outcome with {@link
 * ResponseClassifier}. Redirects are not followed. One instance per destination; thread-safe.
 */
public final class HttpTransport implements AutoCloseable {
  /** How much of an error response body is read (the reason quotes at most 256 characters). */
  private static final long MAX_BODY_BYTES = 4096;

  private final HttpOptions options;
  private final String userAgent;
  private final OkHttpClient client;
  private final String authorization;

  public HttpTransport(HttpOptions options, SenderDefaults defaults) {
    this.options = options;
    this.userAgent = defaults.userAgent();
    Duration timeout = defaults.timeout();
    this.client =
        new OkHttpClient.Builder()
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false) // the sender loop decides about retries
            .build();
    this.authorization =
        options.basicAuth()
            ? Credentials.basic(options.username(), options.password(), StandardCharsets.UTF_8)
            : null;
  }

  /**
   * POSTs {@code body} to the configured URL. {@code protocolHeaders} are the headers the wire
   * protocol requires (e.g. {@code Content-Encoding}); they win over nothing, since custom headers
   * can never name a reserved header. Never throws.
   */
  public SendResult post(byte[] body, String contentType, Map<String, String> protocolHeaders) {
    return send("POST", body, contentType, protocolHeaders);
  }

  /** Like {@link #post} with another method (PUT for a Pushgateway). Never throws. */
  public SendResult send(
      String method, byte[] body, String contentType, Map<String, String> protocolHeaders) {
    try {
      Request.Builder request =
          new Request.Builder()
              .url(options.url().toString())
              .method(method, RequestBody.create(body, MediaType.get(contentType)));
      options.headers().forEach(request::header);
      protocolHeaders.forEach(request::header);
      request.header("User-Agent", userAgent);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      try (Response response = client.newCall(request.build()).execute()) {
        int code = response.code();
        String text = code >= 200 && code < 300 ? "" : response.peekBody(MAX_BODY_BYTES).string();
        return redact(ResponseClassifier.classify(code, text, response.header("Location")));
      }
    } catch (IOException e) {
      return redact(ResponseClassifier.classify(e));
    } catch (RuntimeException e) {
      return redact(SendResult.retry("unexpected error: " + e));
    }
  }

  /** Defence in depth: no reason may carry the password or the Authorization value. */
  private SendResult redact(SendResult result) {
    String reason = HttpOptions.withoutUserinfo(result.reason());
    String password = options.password();
    if (password != null && password.length() >= 3) {
      reason = reason.replace(password, "***");
    }
    if (authorization != null) {
      String token = authorization.substring("Basic ".length());
      reason = reason.replace(token, "***");
      String raw =
          new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      reason = reason.replace(raw, "***");
    }
    return reason.equals(result.reason()) ? result : new SendResult(result.status(), reason);
  }

  public HttpOptions options() {
    return options;
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
