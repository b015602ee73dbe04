package dev.sentinel.core.client;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.tls.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The options every HTTP client of Sentinel reads the same way, the http plugin and each HTTP
 * destination alike: {@code url}, the credentials ({@link ClientAuth}), {@code tls} ({@link
 * TlsSettings}) and {@code proxy_url} ({@link ProxyUrl}). Parsing and immutable values only: each
 * user builds its own HTTP client from them. {@link #toString()} and {@link #describe()} never show
 * a password, token or proxy credential.
 *
 * @param url an absolute http(s) URL without credentials or fragment; null only when reported
 * @param tls {@link TlsSettings#NONE} when unset
 * @param proxy null for a direct connection
 */
public record HttpClientOptions(URI url, ClientAuth auth, TlsSettings tls, ProxyUrl proxy) {
  public static final String URL = "url";
  public static final String TLS = "tls";

  /** Who reads the options: what each may configure and is warned about differs a little. */
  public enum Role {
    /**
     * The http plugin: may use a SOCKS5 proxy; follows redirects, so {@code tls} may apply to a
     * later hop.
     */
    PROBE(true, null, false),
    /**
     * An HTTP destination: HTTP proxies only, never follows redirects, warns about insecure TLS.
     */
    DESTINATION(
        false,
        "is on: the server's certificate and host name are NOT checked (anyone on the path can"
            + " read and change the traffic); use ca_file instead",
        true);

    private final boolean socksProxy;
    private final String insecureWarning;
    private final boolean warnUnusedTls;

    Role(boolean socksProxy, String insecureWarning, boolean warnUnusedTls) {
      this.socksProxy = socksProxy;
      this.insecureWarning = insecureWarning;
      this.warnUnusedTls = warnUnusedTls;
    }
  }

  public HttpClientOptions {
    auth = auth == null ? ClientAuth.NONE : auth;
    tls = tls == null ? TlsSettings.NONE : tls;
  }

  /**
   * Reads {@code url}, the credentials, {@code tls} and {@code proxy_url}, reporting every problem.
   */
  public static HttpClientOptions read(Section o, Role role) {
    URI url = url(o, URL);
    ClientAuth auth = ClientAuth.read(o);
    TlsSettings tls = TlsSettings.NONE;
    if (o.has(TLS)) {
      tls = TlsSettings.read(o.section(TLS), role.insecureWarning);
      if (role.warnUnusedTls
          && url != null
          && tls.custom()
          && !"https".equalsIgnoreCase(url.getScheme())) {
        o.warn(TLS, "is set but url is not https://, so it is not used");
      }
    }
    ProxyUrl proxy = ProxyUrl.read(o, role.socksProxy);
    return new HttpClientOptions(url, auth, tls, proxy);
  }

  /**
   * The required option {@code key}: an absolute http(s) URL without credentials; null (reported)
   * otherwise.
   */
  public static URI url(Section o, String key) {
    String text = o.requiredString(key).strip();
    if (text.isEmpty()) {
      return null; // "is required" was reported
    }
    String shown = "\"" + Redact.userinfo(text) + "\"";
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      o.error(key, shown + " is not an http:// or https:// URL");
      return null;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      o.error(key, shown + " is not a valid URL");
      return null;
    }
    if (uri.getRawUserInfo() != null) {
      o.error(key, shown + " must not contain credentials; put credentials in username/password");
      return null;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      o.error(key, shown + " has no valid host name");
      return null;
    }
    if (uri.getRawFragment() != null) {
      o.error(key, shown + " must not have a #fragment");
      return null;
    }
    return uri;
  }

  public boolean https() {
    return url != null && "https".equalsIgnoreCase(url.getScheme());
  }

  /** The URL as safe to show (see {@link Redact#url}). */
  public String safeUrl() {
    return url == null ? "(no url)" : Redact.url(url.toString());
  }

  /**
   * E.g. {@code https://vm:8428/api/v1/write, basic auth as "probe", TLS (ca /etc/ca.pem), via
   * proxy http://***@p:3128}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(safeUrl()).append(auth.describe());
    if (!tls.describe().isEmpty()) {
      sb.append(", ").append(tls.describe());
    }
    if (proxy != null) {
      sb.append(", via proxy ").append(proxy.safeUrl());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
