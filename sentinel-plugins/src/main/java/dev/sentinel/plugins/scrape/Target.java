package dev.sentinel.plugins.scrape;

import dev.sentinel.core.model.Labels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * Why {@code address} is not a target address ({@code host:port}, {@code [v6]:port}), or null.
   */
  static String checkAddress(String address) {
    String shown = "\"" + address + "\"";
    if (address.isEmpty()) {
      return "is empty (host:port)";
    }
    if (address.contains("/") || address.contains("@") || address.contains("?")) {
      return shown
          + " is not host:port (the scheme, path and parameters are options of their own:"
          + " scheme, path, params)";
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || (address.startsWith("[") && !address.substring(0, colon).endsWith("]"))) {
      return shown + " is not host:port (e.g. 127.0.0.1:9100)";
    }
    String port = address.substring(colon + 1);
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      return shown + " has no valid port";
    }
    if (p < 1 || p > 65535) {
      return shown + " has no valid port (1 to 65535)";
    }
    if (HttpUrl.parse("http://" + address + "/") == null) {
      return shown + " is not host:port (e.g. 127.0.0.1:9100)";
    }
    return null;
  }
}
