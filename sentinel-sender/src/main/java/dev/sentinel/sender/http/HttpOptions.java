package dev.sentinel.sender.http;

import dev.sentinel.core.config.Section;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated HTTP options shared by the HTTP destinations: {@code url}, {@code username},
 * {@code password} and {@code headers}. Immutable; {@link #toString()} and {@link #describe()} never
 * show the password or header values.
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
  private final String password;
  private final Map<String, String> headers;

  public HttpOptions(URI url, String username, String password, Map<String, String> headers) {
    this.url = url;
    this.username = username;
    this.password = password;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
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
    m.put("authorization", "is set from username/password; use those options instead");
    m.put("proxy-authorization", "is not supported as a custom header");
    m.put("proxy-authenticate", "is a response header");
    m.put("www-authenticate", "is a response header");
    for (String h : new String[] {"x-amz-date", "x-amz-security-token", "x-amz-content-sha256"}) {
      m.put(h, "is reserved for request signing");
    }
    return Collections.unmodifiableMap(m);
  }

  /** Reads and validates {@code url}, {@code username}, {@code password}, {@code headers}. */
  public static HttpOptions read(Section options) {
    URI url = parseUrl(options, "url", options.requiredString("url"));
    String username = options.string("username", "");
    String password = options.string("password", "");
    if (!password.isEmpty() && username.isEmpty()) {
      options.error("password", "is set but username is not; basic auth needs a username");
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
    return new HttpOptions(url, username, password, headers);
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

  String password() {
    return password;
  }

  public boolean basicAuth() {
    return !username.isEmpty();
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
