package dev.sentinel.sender.http;

import dev.sentinel.core.client.ClientAuth;
import dev.sentinel.core.client.HttpClientOptions;
import dev.sentinel.core.client.ProxyUrl;
import dev.sentinel.core.client.Secret;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.tls.TlsSettings;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated HTTP options of an HTTP destination: core's {@link HttpClientOptions} ({@code url},
 * basic auth or bearer token, {@code tls.*}, {@code proxy_url}, read as for the http plugin) plus
 * the custom {@code headers}, which may not name a header the transport sets itself. Immutable;
 * {@link #toString()} and {@link #describe()} never show a password, token, proxy credential or
 * header value.
 */
public final class HttpOptions {
  /**
   * Headers the transport sets itself (or HTTP manages), compared lower case. Spec 1.0 says a
   * sender MUST NOT let users override the protocol headers; the list follows Prometheus 2.42.
   */
  static final Map<String, String> RESERVED_HEADERS = reserved();

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final HttpClientOptions client;
  private final Map<String, String> headers;

  /** Basic auth (empty username: none) and headers only; the JDK's TLS defaults, no proxy. */
  public HttpOptions(URI url, String username, String password, Map<String, String> headers) {
    this(
        new HttpClientOptions(
            url,
            new ClientAuth(
                username,
                password == null || password.isEmpty()
                    ? null
                    : Secret.literal(ClientAuth.PASSWORD, password),
                null),
            TlsSettings.NONE,
            null),
        headers);
  }

  public HttpOptions(HttpClientOptions client, Map<String, String> headers) {
    this.client = client;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  private static Map<String, String> reserved() {
    Map<String, String> m = new LinkedHashMap<>();
    String set = "is set by Sentinel";
    for (String h :
        new String[] {
          "content-encoding",
          "content-type",
          "user-agent",
          "x-prometheus-remote-write-version",
          "x-prometheus-remote-read-version"
        }) {
      m.put(h, set + " (the protocol requires its value)");
    }
    for (String h :
        new String[] {
          "host",
          "content-length",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "upgrade",
          "accept-encoding",
          "expect"
        }) {
      m.put(h, "is managed by the HTTP client");
    }
    m.put(
        "authorization",
        "is set from username/password or bearer_token; use those options instead");
    m.put("proxy-authorization", "is not supported as a custom header");
    m.put("proxy-authenticate", "is a response header");
    m.put("www-authenticate", "is a response header");
    for (String h : new String[] {"x-amz-date", "x-amz-security-token", "x-amz-content-sha256"}) {
      m.put(h, "is reserved for request signing");
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * Reads and validates the client options ({@link HttpClientOptions#read}) and {@code headers}.
   * Credential and TLS files are read once here (missing, unreadable or unusable files are config
   * errors) and again whenever they change.
   */
  public static HttpOptions read(Section options) {
    HttpClientOptions client = HttpClientOptions.read(options, HttpClientOptions.Role.DESTINATION);
    Map<String, String> headers = new LinkedHashMap<>();
    options
        .stringMap("headers")
        .forEach(
            (name, value) -> {
              String why = RESERVED_HEADERS.get(name.toLowerCase(Locale.ROOT));
              if (why != null) {
                options.error("headers", "header \"" + name + "\" cannot be set here: it " + why);
              } else if (!TOKEN.matcher(name).matches()) {
                options.error("headers", "\"" + name + "\" is not a valid HTTP header name");
              } else if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                options.error(
                    "headers", "the value of header \"" + name + "\" contains a line break");
              } else {
                headers.put(name, value);
              }
            });
    return new HttpOptions(client, headers);
  }

  /** The options every HTTP client reads alike. */
  public HttpClientOptions client() {
    return client;
  }

  public URI url() {
    return client.url();
  }

  public ClientAuth auth() {
    return client.auth();
  }

  public TlsSettings tls() {
    return client.tls();
  }

  /** The proxy, or null for a direct connection. */
  public ProxyUrl proxy() {
    return client.proxy();
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The URL as safe to show: no userinfo, values of secret-looking query parameters hidden. */
  public String safeUrl() {
    return client.safeUrl();
  }

  /** E.g. {@code https://vm:8428/api/v1/write, basic auth as "probe", headers X-Scope-OrgID}. */
  public String describe() {
    String described = client.describe();
    return headers.isEmpty()
        ? described
        : described + ", headers " + String.join(", ", headers.keySet());
  }

  @Override
  public String toString() {
    return describe();
  }
}
