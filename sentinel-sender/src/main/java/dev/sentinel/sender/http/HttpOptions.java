package dev.sentinel.sender.http;

import dev.sentinel.core.options.Section;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated HTTP options shared by the HTTP destinations: {@code url}, basic auth ({@code
 * username} + {@code password} or {@code password_file}), {@code bearer_token} or {@code
 * bearer_token_file}, {@code headers}, {@code tls.*} and {@code proxy_url}. Immutable (file-backed
 * secrets are re-read when the file changes); {@link #toString()} and {@link #describe()} never show
 * a password, token, proxy credential or header value.
 */
public final class HttpOptions {
  /**
   * Headers the transport sets itself (or HTTP manages), compared lower case. Spec 1.0 says a
   * sender MUST NOT let users override the protocol headers; the list follows Prometheus 2.42.
   */
  static final Map<String, String> RESERVED_HEADERS = reserved();

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern USERINFO = Pattern.compile("(?<=//)[^/?#@]*@");
  private static final Pattern SECRET_QUERY =
      Pattern.compile("(?i)([?&][^=&#]*(?:token|key|secret|pass|auth|sig)[^=&#]*=)[^&#]*");

  private final URI url;
  private final String username;
  private final SecretSource password;
  private final SecretSource bearerToken;
  private final Map<String, String> headers;
  private final TlsOptions tls;
  private final ProxyOptions proxy;

  /** Basic auth (empty username: none) and headers only; the JDK's TLS defaults, no proxy. */
  public HttpOptions(URI url, String username, String password, Map<String, String> headers) {
    this(
        url,
        username,
        password == null || password.isEmpty() ? null : SecretSource.literal("password", password),
        null,
        headers,
        TlsOptions.NONE,
        null);
  }

  /**
   * All options. {@code password} / {@code bearerToken} may be null (not set); {@code proxy} null
   * means a direct connection.
   */
  public HttpOptions(
      URI url,
      String username,
      SecretSource password,
      SecretSource bearerToken,
      Map<String, String> headers,
      TlsOptions tls,
      ProxyOptions proxy) {
    this.url = url;
    this.username = username == null ? "" : username;
    this.password = password;
    this.bearerToken = bearerToken;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.tls = tls == null ? TlsOptions.NONE : tls;
    this.proxy = proxy;
  }

  private static Map<String, String> reserved() {
    Map<String, String> m = new LinkedHashMap<>();
    String set = "is set by Sentinel";
    for (String h :
        new String[] {
          "content-encoding", "content-type", "user-agent", "x-prometheus-remote-write-version",
          "x-prometheus-remote-read-version"
        }) {
      m.put(h, set + " (the protocol requires its value)");
    }
    for (String h :
        new String[] {
          "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te",
          "upgrade", "accept-encoding", "expect"
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
   * Reads and validates {@code url}, {@code username}, {@code password} / {@code password_file},
   * {@code bearer_token} / {@code bearer_token_file}, {@code headers}, {@code tls.*} and {@code
   * proxy_url}. Files are read once here (missing, unreadable or unusable files are config
   * errors) and again whenever they change.
   */
  public static HttpOptions read(Section options) {
    URI url = parseUrl(options, "url", options.requiredString("url"));
    String username = options.string("username", "");
    SecretSource password = secret(options, "password", "password_file");
    SecretSource bearer = secret(options, "bearer_token", "bearer_token_file");
    if (password != null && username.isEmpty()) {
      options.error(password.key(), "is set but username is not; basic auth needs a username");
    }
    if (bearer != null && !username.isEmpty()) {
      options.error(
          bearer.key(),
          "cannot be combined with username/" + (password == null ? "password" : password.key())
              + " (basic auth); choose one");
    }
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
                options.error("headers", "the value of header \"" + name + "\" contains a line break");
              } else {
                headers.put(name, value);
              }
            });
    TlsOptions tls = TlsOptions.NONE;
    if (options.has("tls")) {
      tls = TlsOptions.read(options.section("tls"));
      if (url != null && tls.custom() && !"https".equalsIgnoreCase(url.getScheme())) {
        options.warn("tls", "is set but url is not https://, so it is not used");
      }
    } else {
      options.accept("tls");
    }
    ProxyOptions proxy = ProxyOptions.read(options, "proxy_url");
    return new HttpOptions(url, username, password, bearer, headers, tls, proxy);
  }

  /**
   * The inline ({@code key}) or file ({@code fileKey}) form of a secret; both set is an error. A
   * file must be readable and non-empty now.
   */
  private static SecretSource secret(Section options, String key, String fileKey) {
    String inline = options.string(key, "");
    String file = options.string(fileKey, "").trim();
    if (!inline.isEmpty() && !file.isEmpty()) {
      options.error(fileKey, "cannot be combined with " + key + "; set only one of them");
      return null;
    }
    if (!inline.isEmpty()) {
      return SecretSource.literal(key, inline);
    }
    if (file.isEmpty()) {
      return null;
    }
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      options.error(fileKey, "\"" + file + "\" is not a valid file path: " + e.getReason());
      return null;
    }
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        options.error(fileKey, path + " is empty");
        return null;
      }
    } catch (IOException e) {
      options.error(fileKey, SecretSource.cannotRead(path, e));
      return null;
    }
    return SecretSource.file(fileKey, path);
  }

  /** An absolute http(s) URL without credentials; null (with an error reported) otherwise. */
  static URI parseUrl(Section options, String key, String value) {
    if (value.isBlank()) {
      return null; // "is required" was reported
    }
    String shown = "\"" + withoutUserinfo(value.trim()) + "\"";
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      options.error(key, shown + " is not a valid URL: " + e.getReason());
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      options.error(
          key,
          shown + " is not an absolute http:// or https:// URL (e.g. http://127.0.0.1:8428/api/v1/write)");
      return null;
    }
    if (uri.getRawUserInfo() != null) {
      options.error(
          key,
          shown + " must not contain credentials; put credentials in username/password");
      return null;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      options.error(key, shown + " has no valid host name");
      return null;
    }
    if (uri.getRawFragment() != null) {
      options.error(key, shown + " must not have a #fragment");
      return null;
    }
    return uri;
  }

  /** {@code text} with any {@code //user:password@} part replaced by {@code //***@}. */
  public static String withoutUserinfo(String text) {
    return text == null ? "" : USERINFO.matcher(text).replaceAll("***@");
  }

  public URI url() {
    return url;
  }

  public String username() {
    return username;
  }

  /** The basic-auth password source, or null. */
  SecretSource password() {
    return password;
  }

  /** The bearer token source, or null. */
  SecretSource bearerToken() {
    return bearerToken;
  }

  public boolean basicAuth() {
    return !username.isEmpty();
  }

  public TlsOptions tls() {
    return tls;
  }

  /** The proxy, or null for a direct connection. */
  public ProxyOptions proxy() {
    return proxy;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The URL as safe to show: no userinfo, values of secret-looking query parameters hidden. */
  public String safeUrl() {
    if (url == null) {
      return "(no url)";
    }
    return SECRET_QUERY.matcher(withoutUserinfo(url.toString())).replaceAll("$1***");
  }

  /** E.g. {@code https://vm:8428/api/v1/write, basic auth as "probe", headers X-Scope-OrgID}. */
  public String describe() {
    StringBuilder sb = new StringBuilder(safeUrl());
    if (basicAuth()) {
      sb.append(", basic auth as \"").append(username).append('"');
      if (password != null && password.fromFile()) {
        sb.append(" (password from ").append(password.path()).append(')');
      }
    }
    if (bearerToken != null) {
      sb.append(", bearer token")
          .append(bearerToken.fromFile() ? " from " + bearerToken.path() : "");
    }
    if (!tls.describe().isEmpty()) {
      sb.append(", ").append(tls.describe());
    }
    if (proxy != null) {
      sb.append(", via proxy ").append(proxy.safeUrl());
    }
    if (!headers.isEmpty()) {
      sb.append(", headers ").append(String.join(", ", headers.keySet()));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
