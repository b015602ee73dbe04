package dev.sentinel.core.client;

import dev.sentinel.core.options.Section;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code proxy_url}: an HTTP proxy ({@code http://[user:password@]host[:port]}, port 80 by
 * default), used with absolute-form requests for http:// URLs and CONNECT tunnels for https://
 * ones, or, where the user allows it, a SOCKS5 proxy ({@code socks5://host[:port]}, port 1080, no
 * credentials). HTTP proxy credentials become a {@code Proxy-Authorization} header; {@link
 * #toString()}, {@link #text()} and {@link #safeUrl()} never show them.
 *
 * @param scheme {@code http} or {@code socks5}
 * @param username "" for none
 * @param password "" for none
 */
public record ProxyUrl(String scheme, String host, int port, String username, String password) {
  public static final String KEY = "proxy_url";

  /** Parses {@code proxy_url}; null when absent, or unusable (then reported). */
  public static ProxyUrl read(Section o, boolean socksAllowed) {
    String value = o.string(KEY, "").strip();
    if (value.isEmpty()) {
      return null;
    }
    String shown = "\"" + Redact.userinfo(value) + "\"";
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      o.error(KEY, shown + " is not a valid URL");
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !(socksAllowed && scheme.equals("socks5"))) {
      o.error(
          KEY,
          shown
              + (socksAllowed
                  ? " is not a proxy URL (http://host:port or socks5://host:port)"
                  : " must be an http:// proxy URL (e.g. http://proxy:3128)"));
      return null;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      o.error(KEY, shown + " has no valid host name");
      return null;
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      o.error(KEY, shown + " must be only scheme, host and port (no path or query)");
      return null;
    }
    String user = "";
    String password = "";
    String info = uri.getRawUserInfo();
    if (info != null) {
      if (!scheme.equals("http")) {
        o.error(KEY, "credentials are supported for http:// proxies only");
        return null;
      }
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? "" : decode(info.substring(colon + 1));
      if (user.isEmpty()) {
        o.error(KEY, shown + " has credentials without a user name");
        return null;
      }
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("http") ? 80 : 1080;
    return new ProxyUrl(scheme, uri.getHost(), port, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  public boolean authenticated() {
    return !username.isEmpty();
  }

  /** The {@code Proxy-Authorization} value for the credentials, or null without. */
  public String authorization() {
    return authenticated() ? ClientAuth.basic(username, password) : null;
  }

  /** The JDK's description of this proxy (host unresolved: the proxy resolves nothing for us). */
  public Proxy proxy() {
    return new Proxy(
        scheme.equals("http") ? Proxy.Type.HTTP : Proxy.Type.SOCKS,
        InetSocketAddress.createUnresolved(host, port));
  }

  /** Where it connects, e.g. {@code http://proxy:3128} (no credentials). */
  public String text() {
    return scheme + "://" + host + ":" + port;
  }

  /** E.g. {@code http://***@proxy:3128}: shows that credentials are set, never them. */
  public String safeUrl() {
    return scheme + "://" + (authenticated() ? "***@" : "") + host + ":" + port;
  }

  @Override
  public String toString() {
    return safeUrl();
  }
}
