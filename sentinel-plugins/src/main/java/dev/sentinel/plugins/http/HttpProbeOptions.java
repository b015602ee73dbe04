package dev.sentinel.plugins.http;

import dev.sentinel.core.client.ClientAuth;
import dev.sentinel.core.client.HttpClientOptions;
import dev.sentinel.core.client.ProxyUrl;
import dev.sentinel.core.client.Secret;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.Hosts;
import dev.sentinel.plugins.net.IpFamily;
import java.net.Inet6Address;
import java.net.InetAddress;
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

/**
 * An http task's validated options: the client options every HTTP client reads alike (core's {@link
 * HttpClientOptions}: url, credentials, tls, proxy_url) and the probe's own. Every problem is
 * reported through the {@link Section}.
 *
 * @param url the client's URL in OkHttp's form
 */
record HttpProbeOptions(
    HttpClientOptions client,
    HttpUrl url,
    String method,
    Map<String, String> headers,
    String body,
    List<int[]> validStatusCodes,
    boolean followRedirects,
    int maxRedirects,
    List<Pattern> failIfBodyMatches,
    List<Pattern> failIfBodyNotMatches,
    List<HeaderRule> headerRules,
    boolean failIfNotSsl,
    boolean failIfSsl,
    IpFamily ipFamily,
    InetAddress source,
    long bodySizeLimit,
    Duration timeout) {

  static final long DEFAULT_BODY_SIZE_LIMIT = 4L * 1024 * 1024;
  static final int DEFAULT_MAX_REDIRECTS = 10;
  static final int MAX_REDIRECTS = 100;
  // The option keys a trigger sets too, spelled once.
  static final String METHOD = "method";
  static final String TIMEOUT = "timeout";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final long MAX_BODY_SIZE_LIMIT = 1L << 30;
  static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z]+");
  private static final Pattern STATUS_CLASS =
      Pattern.compile("([1-5])xx", Pattern.CASE_INSENSITIVE);

  /**
   * A response header check: the response fails when {@code regex} matches (or, for a "not" rule,
   * when none does).
   */
  record HeaderRule(String header, Pattern regex, boolean allowMissing, boolean failIfMatches) {}

  private static InetAddress source(Section o) {
    return Hosts.source(o, "the local address to connect from");
  }

  /** Whether the body is checked against regexes (and so kept while it is read). */
  boolean checksBody() {
    return !failIfBodyMatches.isEmpty() || !failIfBodyNotMatches.isEmpty();
  }

  ClientAuth auth() {
    return client.auth();
  }

  TlsSettings tls() {
    return client.tls();
  }

  /** The proxy, or null for a direct connection. */
  ProxyUrl proxy() {
    return client.proxy();
  }

  static HttpProbeOptions parse(Section o) {
    HttpClientOptions client = HttpClientOptions.read(o, HttpClientOptions.Role.PROBE);
    HttpUrl url = okHttpUrl(o, client);
    String method = method(o);
    Map<String, String> headers = headers(o);
    String body = o.string("body").orElse(null);
    if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
      o.error("body", "is not allowed with method " + method + " (use e.g. POST or PUT)");
      body = null;
    }
    Secret bearer = client.auth().bearerToken();
    if ((client.auth().basic() || bearer != null)
        && headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
      o.error(
          "headers",
          "sets Authorization as well as "
              + (bearer != null ? bearer.key() : ClientAuth.USERNAME)
              + "; use one");
    }
    List<int[]> codes = statusCodes(o);
    boolean follow = o.bool("follow_redirects", true);
    int maxRedirects = o.integer("max_redirects", DEFAULT_MAX_REDIRECTS, 0, MAX_REDIRECTS);
    List<Pattern> bodyMatches = patterns(o, "fail_if_body_matches");
    List<Pattern> bodyNotMatches = patterns(o, "fail_if_body_not_matches");
    List<HeaderRule> headerRules = new ArrayList<>(headerRules(o, "fail_if_header_matches", true));
    headerRules.addAll(headerRules(o, "fail_if_header_not_matches", false));
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
        o.error(
            IpFamily.KEY,
            family.key()
                + " does not fit source "
                + o.string(Hosts.SOURCE, "")
                + " (an "
                + (v6 ? "IPv6" : "IPv4")
                + " address)");
      }
      family = v6 ? IpFamily.IP6 : IpFamily.IP4; // only addresses the source can reach
    }
    if (url != null && !familyError && family.strict() && Hosts.isLiteral(url.host())) {
      boolean v6 = url.host().contains(":");
      if (v6 != family.v6()) {
        o.error(
            familyGiven ? IpFamily.KEY : Hosts.SOURCE,
            "does not fit the URL's address " + url.host());
      }
    }
    long limit = o.size("body_size_limit", DEFAULT_BODY_SIZE_LIMIT, 1, MAX_BODY_SIZE_LIMIT);
    Duration timeout = o.optionalDuration(TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT).orElse(null);
    return new HttpProbeOptions(
        client,
        url,
        method,
        headers,
        body,
        codes,
        follow,
        maxRedirects,
        bodyMatches,
        bodyNotMatches,
        List.copyOf(headerRules),
        failIfNotSsl,
        failIfSsl,
        family,
        source,
        limit,
        timeout);
  }

  /**
   * The client's URL as OkHttp's {@link HttpUrl}; null when it is missing or OkHttp cannot take it
   * (reported).
   */
  private static HttpUrl okHttpUrl(Section o, HttpClientOptions client) {
    if (client.url() == null) {
      return null;
    }
    String text = client.url().toString();
    HttpUrl url = HttpUrl.parse(text);
    if (url == null) {
      o.error(HttpClientOptions.URL, "\"" + text + "\" is not a valid URL");
    }
    return url;
  }

  private static String method(Section o) {
    String m = o.string(METHOD, "GET").strip();
    if (!METHOD_NAME.matcher(m).matches()) {
      o.error(METHOD, "\"" + m + "\" is not an HTTP method (e.g. GET, HEAD, POST)");
      return "GET";
    }
    return m.toUpperCase(Locale.ROOT);
  }

  private static Map<String, String> headers(Section o) {
    Map<String, String> out = new LinkedHashMap<>();
    o.stringMap("headers")
        .forEach(
            (name, value) -> {
              try {
                new Headers.Builder().add(name, value);
                out.put(name, value);
              } catch (IllegalArgumentException e) {
                o.error("headers." + name, "is not a valid header: " + e.getMessage());
              }
            });
    return out;
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
      o.problems()
          .error(
              n.line(),
              item.path(),
              "\"" + s + "\" is not a status code (100 to 599) or class (e.g. 2xx)");
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
      o.problems()
          .error(
              n.line(),
              path,
              "\"" + n.asString() + "\" is not a valid regular expression: " + e.getDescription());
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
        rule.error(
            "regex",
            "\"" + regexText + "\" is not a valid regular expression: " + e.getDescription());
      }
    }
    return out;
  }
}
