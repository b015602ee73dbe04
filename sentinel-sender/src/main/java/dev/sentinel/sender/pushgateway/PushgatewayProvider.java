package dev.sentinel.sender.pushgateway;

import dev.sentinel.core.client.HttpClientOptions;
import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.Section;
import dev.sentinel.sender.http.HttpOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code sender.direct.pushgateway}: PUTs the latest value of every series to a Prometheus
 * Pushgateway. Options: {@code url} (base, e.g. {@code http://127.0.0.1:9091}), {@code job}
 * (default {@value #DEFAULT_JOB}), {@code grouping} (extra grouping labels), {@code
 * delete_on_shutdown} (default false), plus the HTTP auth/TLS/proxy options of {@link HttpOptions}.
 */
public final class PushgatewayProvider implements DestinationProvider {
  public static final String TYPE = "pushgateway";
  public static final String DEFAULT_JOB = "sentinel";
  private static final Set<String> RESERVED = Set.of("job", "instance");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DestinationSpec configure(Section options, SenderDefaults defaults) {
    HttpOptions http = HttpOptions.read(options);
    if (http.url() != null) {
      String path = http.url().getRawPath();
      if (path != null && path.contains("/metrics/job")) {
        options.error(
            HttpClientOptions.URL,
            "is the Pushgateway's base URL (e.g. http://127.0.0.1:9091); the /metrics/job/... path"
                + " is built from job, grouping and the Sentinel's name");
      }
      if (http.url().getRawQuery() != null) {
        options.error(HttpClientOptions.URL, "must not have a ?query");
      }
    }
    String job = options.string("job", DEFAULT_JOB).trim();
    if (job.isEmpty()) {
      options.error("job", "must not be empty");
      job = DEFAULT_JOB;
    }
    Map<String, String> grouping = new LinkedHashMap<>();
    options
        .stringMap("grouping")
        .forEach(
            (name, value) -> {
              if (RESERVED.contains(name)) {
                options.error(
                    "grouping",
                    "label \""
                        + name
                        + "\" is set by Sentinel (job from the job option, instance"
                        + " from the Sentinel's name)");
              } else if (!Labels.isValidName(name) || name.startsWith("__")) {
                options.error("grouping", "\"" + name + "\" is not a valid label name");
              } else {
                grouping.put(name, value);
              }
            });
    boolean deleteOnShutdown = options.bool("delete_on_shutdown", false);
    return new PushgatewaySpec(TYPE, http, defaults, job, Map.copyOf(grouping), deleteOnShutdown);
  }
}
