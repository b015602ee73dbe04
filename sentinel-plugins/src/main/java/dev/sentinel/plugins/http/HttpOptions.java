package dev.sentinel.plugins.http;

import dev.sentinel.plugins.net.IpFamily;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Section;
import dev.sentinel.plugins.net.Hosts;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/** An http task's validated options. Every problem is reported through the {@link Section}. */
record HttpOptions(
    HttpUrl url,
    String method,
    Map<String, String> headers,
    String body,
    String username,
    Secret password,
    Secret bearerToken,
    List<int[]> validStatusCodes,
    boolean followRedirects,
    int maxRedirects,
    List<Pattern> failIfBodyMatches,
    List<Pattern> failIfBodyNotMatches,
    List<HeaderRule> headerRules,
    HttpTls tls,
    boolean failIfNotSsl,
    boolean failIfSsl,
    IpFamily ipFamily,
    InetAddress source,
    ProxySetting proxy,
    long bodySizeLimit,
    Duration timeout) {

  static final long DEFAULT_BODY_SIZE_LIMIT = 4L * 1024 * 1024;
  static final int DEFAULT_MAX_REDIRECTS = 10;
  static final int MAX_REDIRECTS = 100;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final long MAX_BODY_SIZE_LIMIT = 1L << 30;
  static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");
  private static final Pattern STATUS_CLASS = Pattern.compile("([1-5])xx", Pattern.CASE_INSENSITIVE);

  /** A response header check: the response fails when {@code regex} matches (or, for a "not" rule, when none does). */
  record HeaderRule(String header, Pattern regex, boolean allowMissing, boolean failIfMatches) {}

  /** {@code proxy_url}: the proxy and, for an HTTP proxy, optional basic credentials. */
  record ProxySetting(Proxy proxy, String username, String password, String text) {}

  private static InetAddress source(Section o) {
    return Hosts.source(o, "the local address to connect from");
  }

  boolean https() {
    return url.isHttps();
  }

  static HttpOptions parse(Section o) {
    HttpUrl url = url(o);
    String method = method(o);
    Map<String, String> headers = headers(o);
    String body = o.string("body").orElse(null);
    if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
      o.error("body", "is not allowed with method " + method + " (use e.g. POST or PUT)");
      body = null;
    }
    // authentication
    String username = o.string("username", "");
    Secret password = secret(o, "password", "password_file");
    Secret bearer = secret(o, "bearer_token", "bearer_token_file");
    if (password != null && username.isEmpty()) {
      o.error(password.key(), "needs username (basic authentication)");
    }
    if (!username.isEmpty() && bearer != null) {
      o.error(bearer.key(), "set either basic authentication (username) or a bearer token, not both");
    }
    if ((!username.isEmpty() || bearer != null) && headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
      o.error("headers", "sets Authorization as well as " + (bearer != null ? bearer.key() : "username") + "; use one");
    }
    List<int[]> codes = statusCodes(o);
    boolean follow = o.bool("follow_redirects", true);
    int maxRedirects = o.integer("max_redirects", DEFAULT_MAX_REDIRECTS, 0, MAX_REDIRECTS);
    List<Pattern> bodyMatches = patterns(o, "fail_if_body_matches");
    List<Pattern> bodyNotMatches = patterns(o, "fail_if_body_not_matches");
    List<HeaderRule> headerRules = new ArrayList<>(headerRules(o, "fail_if_header_matches", true));
    headerRules.addAll(headerRules(o, "fail_if_header_not_matches", false));
    HttpTls tls = o.has("tls") ? HttpTls.read(o.section("tls")) : HttpTls.NONE;
    boolean failIfNotSsl = o.bool("fail_if_not_ssl", false);
    boolean failIfSsl = o.bool("fail_if_ssl", false);
    if (failIfNotSsl && failIfSsl) {
      o.error("fail_if_ssl", "set either fail_if_ssl or fail_if_not_ssl, not both");
    }
    boolean familyGiven = o.has(IpFamily.KEY);
    IpFamily family = IpFamily.read(o, false);
    InetAddress source = source(o);
    boolean familyError = false;
    if (source != null) {
      boolean v6 = source instanceof Inet6Address;
      if (familyGiven && family.strict() && family.v6() != v6) {
        familyError = true;
        o.error(IpFamily.KEY, family.key() + " does not fit source "
            + o.string("source", "") + " (an " + (v6 ? "IPv6" : "IPv4") + " address)");
      }
      family = v6 ? IpFamily.IP6 : IpFamily.IP4; // only addresses the source can reach
    }
    if (url != null && !familyError && family.strict() && Hosts.isLiteral(url.host())) {
      boolean v6 = url.host().contains(":");
      if (v6 != family.v6()) {
        o.error(familyGiven ? IpFamily.KEY : "source", "does not fit the URL's address " + url.host());
      }
    }
    ProxySetting proxy = proxy(o);
    long limit = o.size("body_size_limit", DEFAULT_BODY_SIZE_LIMIT, 1, MAX_BODY_SIZE_LIMIT);
    Duration timeout = o.optionalDuration("timeout", MIN_TIMEOUT, MAX_TIMEOUT).orElse(null);
    return new HttpOptions(url, method, headers, body, username, password, bearer, codes, follow, maxRedirects,
        bodyMatches, bodyNotMatches, List.copyOf(headerRules), tls, failIfNotSsl, failIfSsl, family, source,
        proxy, limit, timeout);
  }

  private static HttpUrl url(Section o) {
    String text = o.requiredString("url").strip();
    if (text.isEmpty()) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      o.error("url", "\"" + text + "\" is not an http:// or https:// URL");
      return null;
    }
    HttpUrl url = HttpUrl.parse(text);
    if (url == null) {
      o.error("url", "\"" + text + "\" is not a valid URL");
    }
    return url;
  }

  private static String method(Section o) {
    String m = o.string("method", "GET").strip();
    if (!METHOD.matcher(m).matches()) {
      o.error("method", "\"" + m + "\" is not an HTTP method (e.g. GET, HEAD, POST)");
      return "GET";
    }
    return m.toUpperCase(Locale.ROOT);
  }

  private static Map<String, String> headers(Section o) {
    Map<String, String> out = new LinkedHashMap<>();
    o.stringMap("headers").forEach((name, value) -> {
      try {
        new Headers.Builder().add(name, value);
        out.put(name, value);
      } catch (IllegalArgumentException e) {
        o.error("headers." + name, "is not a valid header: " + e.getMessage());
      }
    });
    return out;
  }

  private static Secret secret(Section o, String key, String fileKey) {
    boolean inline = o.has(key);
    boolean file = o.has(fileKey);
    if (inline && file) {
      o.error(fileKey, "set either " + key + " or " + fileKey + ", not both");
      return null;
    }
    if (inline) {
      String v = o.string(key, "");
      if (v.isEmpty()) {
        o.error(key, "must not be empty");
        return null;
      }
      return Secret.literal(key, v);
    }
    if (file) {
      String v = o.string(fileKey, "").strip();
      if (v.isEmpty()) {
        o.error(fileKey, "must not be empty");
        return null;
      }
      try {
        return Secret.file(fileKey, Path.of(v));
      } catch (InvalidPathException e) {
        o.error(fileKey, "\"" + v + "\" is not a valid file path: " + e.getReason());
      }
    }
    return null;
  }

  /** Each element {low, high}; empty means 2xx. */
  private static List<int[]> statusCodes(Section o) {
    List<int[]> out = new ArrayList<>();
    int before = o.problems().errors().size();
    List<Section.Item> items = o.items("valid_status_codes");
    boolean notAList = o.problems().errors().size() > before;
    if (o.has("valid_status_codes") && items.isEmpty() && !notAList) {
      o.error("valid_status_codes", "must list at least one status code (or leave it out for 2xx)");
    }
    for (Section.Item item : items) {
      ConfigNode n = item.node();
      String s = n.isScalar() && !n.isNull() ? n.asString().strip() : "";
      var cls = STATUS_CLASS.matcher(s);
      if (cls.matches()) {
        int c = Integer.parseInt(cls.group(1)) * 100;
        out.add(new int[] {c, c + 99});
        continue;
      }
      try {
        int code = Integer.parseInt(s);
        if (code >= 100 && code <= 599) {
          out.add(new int[] {code, code});
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      o.problems().error(n.line(), item.path(), "\"" + s + "\" is not a status code (100 to 599) or class (e.g. 2xx)");
    }
    return List.copyOf(out);
  }

  private static List<Pattern> patterns(Section o, String key) {
    List<Pattern> out = new ArrayList<>();
    for (Section.Item item : o.items(key)) {
      Pattern p = pattern(o, item.node(), item.path());
      if (p != null) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  private static Pattern pattern(Section o, ConfigNode n, String path) {
    if (n == null || !n.isScalar() || n.isNull()) {
      o.problems().error(n == null ? 0 : n.line(), path, "must be a regular expression");
      return null;
    }
    try {
      return Pattern.compile(n.asString(), Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      o.problems().error(n.line(), path, "\"" + n.asString() + "\" is not a valid regular expression: " + e.getDescription());
      return null;
    }
  }

  private static List<HeaderRule> headerRules(Section o, String key, boolean failIfMatches) {
    List<HeaderRule> out = new ArrayList<>();
    for (Section rule : o.sections(key)) {
      String header = rule.string("header", "").strip();
      boolean hasRegex = rule.has("regex");
      String regexText = rule.string("regex", "");
      boolean allowMissing = rule.bool("allow_missing", false);
      rule.finish();
      if (header.isEmpty()) {
        rule.error("header", "is required");
        continue;
      }
      if (!hasRegex) {
        rule.error("regex", "is required");
        continue;
      }
      try {
        out.add(new HeaderRule(header, Pattern.compile(regexText), allowMissing, failIfMatches));
      } catch (PatternSyntaxException e) {
        rule.error("regex", "\"" + regexText + "\" is not a valid regular expression: " + e.getDescription());
      }
    }
    return out;
  }


  private static ProxySetting proxy(Section o) {
    String text = o.string("proxy_url", "").strip();
    if (text.isEmpty()) {
      return null;
    }
    String problem = "\"" + text + "\" is not a proxy URL (http://host:port or socks5://host:port)";
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      o.error("proxy_url", problem);
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("socks5"))) {
      o.error("proxy_url", problem);
      return null;
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("http") ? 80 : 1080;
    String user = null;
    String pass = null;
    if (uri.getUserInfo() != null) {
      if (!scheme.equals("http")) {
        o.error("proxy_url", "credentials are supported for http:// proxies only");
        return null;
      }
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      pass = parts.length > 1 ? parts[1] : "";
    }
    Proxy proxy = new Proxy(scheme.equals("http") ? Proxy.Type.HTTP : Proxy.Type.SOCKS,
        InetSocketAddress.createUnresolved(uri.getHost(), port));
    return new ProxySetting(proxy, user, pass, scheme + "://" + uri.getHost() + ":" + port);
  }
}
