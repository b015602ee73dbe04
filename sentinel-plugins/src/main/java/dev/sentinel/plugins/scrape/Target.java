package dev.sentinel.plugins.scrape;

import dev.sentinel.core.model.Labels;
import dev.sentinel.plugins.net.Hosts;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * One endpoint a scrape task reads: its URL and the labels its series carry ({@code job}, {@code
 * instance} — the address — and the labels of its file_sd group), as Prometheus sets them.
 *
 * @param key what tells one target from another across runs: the URL and the labels
 */
record Target(String address, HttpUrl url, Labels labels, String key) {
  static final String METRICS_PATH = "__metrics_path__";
  static final String SCHEME = "__scheme__";
  static final String PARAM_PREFIX = "__param_";

  /**
   * The target at {@code address} with {@code groupLabels} (file_sd; those starting with {@code __}
   * set the scheme, path and parameters, as in Prometheus, and are not labels).
   */
  static Target of(ScrapeOptions o, String address, Map<String, String> groupLabels) {
    String scheme = o.scheme();
    String path = o.path();
    Map<String, List<String>> params = new TreeMap<>(o.params());
    TreeMap<String, String> labels = new TreeMap<>();
    for (Map.Entry<String, String> e : groupLabels.entrySet()) {
      String name = e.getKey();
      if (name.equals(SCHEME)) {
        scheme = e.getValue();
      } else if (name.equals(METRICS_PATH)) {
        path = e.getValue();
      } else if (name.startsWith(PARAM_PREFIX)) {
        params.put(name.substring(PARAM_PREFIX.length()), List.of(e.getValue()));
      } else if (!name.startsWith("__") && !e.getValue().isEmpty()) {
        labels.put(name, e.getValue());
      }
    }
    labels.putIfAbsent("job", o.job());
    labels.putIfAbsent("instance", address);
    HttpUrl base = HttpUrl.parse(scheme + "://" + address + path);
    if (base == null) {
      return null;
    }
    HttpUrl.Builder b = base.newBuilder();
    params.forEach((k, vs) -> vs.forEach(v -> b.addQueryParameter(k, v)));
    HttpUrl url = b.build();
    Labels set = Labels.of(labels);
    return new Target(address, url, set, url + " " + set);
  }

  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  /**
   * Why {@code t} is not a target address — {@code host:port}, {@code [v6]:port}, or with {@code
   * portRequired} false also a bare {@code host} — or null when it is.
   */
  static String addressProblem(String t, boolean portRequired) {
    String notHostPort = "\"" + t + "\" is not host:port";
    if (t.contains("/")) {
      return notHostPort; // a scheme or a path
    }
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      String address = close < 0 ? "" : t.substring(1, close);
      if (!address.contains(":") || Hosts.problem(address, "") != null) {
        return notHostPort;
      }
      String rest = t.substring(close + 1);
      if (rest.isEmpty()) {
        return portRequired ? notHostPort + " (no port)" : null;
      }
      return portProblem(t, rest.startsWith(":") ? rest.substring(1) : "");
    }
    int colon = t.indexOf(':');
    if (colon != t.lastIndexOf(':')) {
      return Hosts.problem(t, "") == null
          ? notHostPort + " (write an IPv6 address in brackets: [" + t + "]:port)"
          : notHostPort;
    }
    String host = colon < 0 ? t : t.substring(0, colon);
    if (host.isEmpty() || Hosts.problem(host, "") != null) {
      return notHostPort;
    }
    if (colon < 0) {
      return portRequired ? notHostPort + " (no port)" : null;
    }
    return portProblem(t, t.substring(colon + 1));
  }

  private static String portProblem(String target, String port) {
    if (!PORT.matcher(port).matches()) {
      return "\"" + target + "\" is not host:port";
    }
    int p = Integer.parseInt(port);
    return p >= 1 && p <= 65535
        ? null
        : "\"" + target + "\" is not host:port (port " + p + " is out of range, 1 to 65535)";
  }
}
