package dev.sentinel.sender.http;

import dev.sentinel.core.client.ProxyUrl;
import dev.sentinel.core.client.Redact;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.core.tls.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP client for one destination: sends a body with the protocol headers, the User-Agent,
 * the authentication (basic or bearer, re-reading credential files when they change) and the user's
 * custom headers, over TLS as configured (rebuilt when the TLS files change) and through the proxy
 * if one is set, and classifies the outcome with {@link ResponseClassifier}. Redirects are not
 * followed. One instance per destination; thread-safe.
 */
public final class HttpTransport implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(HttpTransport.class);

  /** How much of an error response body is read (the reason quotes at most 256 characters). */
  private static final long MAX_BODY_BYTES = 4096;

  private final HttpOptions options;
  private final String userAgent;
  private final OkHttpClient base;
  private final Clock clock;
  private OkHttpClient client;
  private List<String> tlsStamp;
  private String lastAuthorization;

  public HttpTransport(HttpOptions options, SenderDefaults defaults) {
    this(options, defaults, Clock.systemUTC());
  }

  HttpTransport(HttpOptions options, SenderDefaults defaults, Clock clock) {
    this.options = options;
    this.userAgent = defaults.userAgent();
    this.clock = clock;
    Duration timeout = defaults.timeout();
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false) // the sender loop decides about retries
            .socketFactory(new NoDelaySocketFactory());
    if ("http".equalsIgnoreCase(options.url().getScheme())) {
      // Plain HTTP only: OkHttp then never sets up TLS (the JDK's trust store, ~300 classes and
      // ~2 MiB of heap in an agent that would never use them).
      b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    ProxyUrl proxy = options.proxy();
    if (proxy != null) {
      b.proxy(proxy.proxy());
      if (proxy.authenticated()) {
        String credentials = proxy.authorization();
        b.proxyAuthenticator(
            (route, response) -> {
              if (response.request().header("Proxy-Authorization") != null) {
                return null; // already tried: the proxy refused these credentials
              }
              return response
                  .request()
                  .newBuilder()
                  .header("Proxy-Authorization", credentials)
                  .build();
            });
      }
    }
    this.base = b.build();
    this.client = base;
    if (options.tls().insecureSkipVerify()) {
      logger.warn(
          "{}: tls.insecure_skip_verify is on: the server's certificate and host name are not"
              + " checked",
          options.safeUrl());
    }
  }

  /**
   * POSTs {@code body} to the configured URL. {@code protocolHeaders} are the headers the wire
   * protocol requires (e.g. {@code Content-Encoding}); they win over nothing, since custom headers
   * can never name a reserved header. Never throws.
   */
  public SendResult post(byte[] body, String contentType, Map<String, String> protocolHeaders) {
    return send("POST", body, contentType, protocolHeaders);
  }

  /** Like {@link #post} with another method. Never throws. */
  public SendResult send(
      String method, byte[] body, String contentType, Map<String, String> protocolHeaders) {
    return send(method, HttpUrl.get(options.url().toString()), body, contentType, protocolHeaders);
  }

  /**
   * Sends to {@code url} (e.g. a Pushgateway group below the configured base URL); {@code body}
   * null sends none (DELETE). Never throws.
   */
  public SendResult send(
      String method,
      HttpUrl url,
      byte[] body,
      String contentType,
      Map<String, String> protocolHeaders) {
    try {
      OkHttpClient c = currentClient();
      Request.Builder request =
          new Request.Builder()
              .url(url)
              .method(
                  method,
                  body == null ? null : RequestBody.create(body, MediaType.get(contentType)));
      options.headers().forEach(request::header);
      protocolHeaders.forEach(request::header);
      request.header("User-Agent", userAgent);
      String authorization = authorization();
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      try (Response response = c.newCall(request.build()).execute()) {
        int code = response.code();
        String text = code >= 200 && code < 300 ? "" : response.peekBody(MAX_BODY_BYTES).string();
        return redact(
            ResponseClassifier.classify(
                code, text, response.header("Location"), response.header("Retry-After"), clock));
      }
    } catch (CredentialException e) {
      return redact(SendResult.retry(e.getMessage()));
    } catch (IOException e) {
      return redact(ResponseClassifier.classify(e, url.isHttps()));
    } catch (RuntimeException e) {
      return redact(SendResult.retry("unexpected error: " + e.getClass().getSimpleName()));
    }
  }

  /** A credential or TLS file that cannot be used right now; the message is safe to show. */
  private static final class CredentialException extends Exception {
    private static final long serialVersionUID = 1L;

    CredentialException(String message) {
      super(message);
    }
  }

  /** The Authorization value for this request (files re-read if changed), or null. */
  private String authorization() throws CredentialException {
    try {
      String value = options.auth().authorization();
      synchronized (this) {
        lastAuthorization = value;
      }
      return value;
    } catch (IOException e) {
      throw new CredentialException(e.getMessage());
    }
  }

  /** The client for the current TLS files: rebuilt when any of them changed. */
  private synchronized OkHttpClient currentClient() throws CredentialException {
    TlsSettings tls = options.tls();
    if (!tls.custom()) {
      return client;
    }
    List<String> stamp = tls.stamp();
    if (stamp.equals(tlsStamp)) {
      return client;
    }
    X509TrustManager trust;
    ClientTls.Sockets sockets;
    try {
      trust = tls.trustManager();
      sockets = tls.sockets(tls.context(trust));
    } catch (ClientTls.TlsFileException e) {
      throw new CredentialException("TLS: tls." + e.key() + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new CredentialException("TLS: cannot set up: " + e.getMessage());
    }
    OkHttpClient.Builder b = base.newBuilder().sslSocketFactory(sockets.socketFactory(), trust);
    if (sockets.hostnameVerifier() != null) {
      b.hostnameVerifier(sockets.hostnameVerifier());
    }
    OkHttpClient old = client;
    client = b.build();
    if (tlsStamp != null) {
      logger.info("{}: TLS files changed; using the new ones", options.safeUrl());
      if (old != base) {
        old.connectionPool().evictAll();
      }
    }
    tlsStamp = stamp;
    return client;
  }

  /** Every secret this transport knows now: none may appear in a reason. */
  private synchronized List<String> secrets() {
    List<String> out = new ArrayList<>(options.auth().knownSecrets());
    if (lastAuthorization != null) {
      out.add(lastAuthorization);
      int space = lastAuthorization.indexOf(' ');
      String token = lastAuthorization.substring(space + 1);
      out.add(token);
      if (lastAuthorization.startsWith("Basic ")) {
        try {
          out.add(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          // not base64: nothing more to hide
        }
      }
    }
    ProxyUrl proxy = options.proxy();
    if (proxy != null && proxy.authenticated()) {
      if (!proxy.password().isEmpty()) {
        out.add(proxy.password());
      }
      out.add(proxy.authorization().substring("Basic ".length()));
    }
    return out;
  }

  /** Defence in depth: no reason may carry a password, token or Authorization value. */
  private SendResult redact(SendResult result) {
    String reason = Redact.userinfo(result.reason());
    List<String> secrets = secrets();
    secrets.sort((a, b) -> b.length() - a.length()); // longest first: "Basic x" before "x"
    for (String secret : secrets) {
      if (secret.length() >= 3) {
        reason = reason.replace(secret, "***");
      }
    }
    return reason.equals(result.reason())
        ? result
        : new SendResult(result.status(), reason, result.retryAfter());
  }

  public HttpOptions options() {
    return options;
  }

  @Override
  public synchronized void close() {
    for (OkHttpClient c : new OkHttpClient[] {base, client}) {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    }
  }
}
