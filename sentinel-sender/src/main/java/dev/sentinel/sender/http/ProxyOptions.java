package dev.sentinel.sender.http;

import dev.sentinel.core.options.Section;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code proxy_url}: an HTTP proxy ({@code http://[user:password@]host[:port]}), used with
 * absolute-form requests for http:// URLs and CONNECT tunnels for https:// ones. The credentials
 * become a {@code Proxy-Authorization} header; {@link #toString()} and {@link #safeUrl()} never show
 * them.
 */
public record ProxyOptions(String host, int port, String username, String password) {

  /** Parses {@code proxy_url}; null (with an error reported) if unusable or absent. */
  static ProxyOptions read(Section options, String key) {
    String value = options.string(key, "").trim();
    if (value.isEmpty()) {
      return null;
    }
    String shown = "\"" + HttpOptions.withoutUserinfo(value) + "\"";
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      options.error(key, shown + " is not a valid URL");
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      options.error(key, shown + " must be an http:// proxy URL (e.g. http://proxy:3128)");
      return null;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      options.error(key, shown + " has no valid host name");
      return null;
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      options.error(key, shown + " must be only scheme, host and port (no path or query)");
      return null;
    }
    String user = "";
    String password = "";
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? "" : decode(info.substring(colon + 1));
      if (user.isEmpty()) {
        options.error(key, shown + " has credentials without a user name");
        return null;
      }
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    return new ProxyOptions(uri.getHost(), port, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  public boolean authenticated() {
    return !username.isEmpty();
  }

  /** E.g. {@code http://***@proxy:3128} (credentials never shown). */
  public String safeUrl() {
    return "http://" + (authenticated() ? "***@" : "") + host + ":" + port;
  }

  @Override
  public String toString() {
    return safeUrl();
  }
}
