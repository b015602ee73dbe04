package dev.sentinel.sender.pushgateway;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.sender.http.HttpTransport;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a stream sink: keeps the latest value of every series seen since this destination was opened
 * and, on each {@link #send}, PUTs that whole snapshot (text format 0.0.4, no timestamps) to the
 * group {@code /metrics/job/<job>/instance/<sentinel name>[/<label>/<value>...]}. A PUT replaces
 * the group, so series not seen since the start (e.g. of a task removed before a restart)
 * disappear. The Sentinel's name is the {@code sentinel} label of the first sample (every sample
 * carries it).
 */
public final class PushgatewayDestination implements Destination {
  private static final Logger logger = LoggerFactory.getLogger(PushgatewayDestination.class);
  private static final Map<String, String> NO_HEADERS = Map.of();

  private record Key(String name, Labels labels) {}

  private record Value(double value, long timestampMs, Sample.Kind kind) {}

  private final PushgatewaySpec spec;
  private final HttpTransport transport;

  /** name+labels → latest value, in order of first appearance. */
  private final Map<Key, Value> snapshot = new LinkedHashMap<>();

  private String instance;

  PushgatewayDestination(PushgatewaySpec spec) {
    this.spec = spec;
    this.transport = new HttpTransport(spec.http(), spec.defaults());
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public synchronized SendResult send(List<Sample> batch) {
    for (Sample s : batch) {
      if (instance == null) {
        instance = s.labels().get("sentinel");
      }
      if (s.isStaleMarker()) {
        // the series ended: the next PUT rewrites the group without it (unless a newer value came)
        snapshot.computeIfPresent(
            new Key(s.name(), s.labels()),
            (k, old) -> old.timestampMs() <= s.timestampMs() ? null : old);
        continue;
      }
      // latest by timestamp: a retried older batch never overwrites a newer value
      snapshot.merge(
          new Key(s.name(), s.labels()),
          new Value(s.value(), s.timestampMs(), s.kind()),
          (old, now) -> now.timestampMs() >= old.timestampMs() ? now : old);
    }
    if (snapshot.isEmpty() && instance == null) {
      return SendResult.DELIVERED;
    }
    byte[] body;
    try {
      body = render().getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return SendResult.rejected("cannot render the snapshot: " + e.getClass().getSimpleName());
    }
    return transport.send("PUT", groupUrl(), body, TextFormat.CONTENT_TYPE_004, NO_HEADERS);
  }

  /** The snapshot as text format 0.0.4: one family per metric name, one TYPE, no timestamps. */
  String render() {
    Map<String, List<Map.Entry<Key, Value>>> byName = new TreeMap<>();
    for (Map.Entry<Key, Value> e : snapshot.entrySet()) {
      byName.computeIfAbsent(e.getKey().name(), n -> new ArrayList<>()).add(e);
    }
    List<MetricFamilySamples> families = new ArrayList<>();
    byName.forEach(
        (name, entries) -> {
          // One TYPE per name: the kind of the most recent sample of that name.
          Sample.Kind kind =
              entries.stream()
                  .max(
                      (a, b) ->
                          Long.compare(a.getValue().timestampMs(), b.getValue().timestampMs()))
                  .orElseThrow()
                  .getValue()
                  .kind();
          Collector.Type type;
          String familyName = name;
          if (kind == Sample.Kind.COUNTER && name.endsWith("_total")) {
            type = Collector.Type.COUNTER; // simpleclient writes "# TYPE <family>_total counter"
            familyName = name.substring(0, name.length() - "_total".length());
          } else if (kind == Sample.Kind.COUNTER) {
            type = Collector.Type.UNKNOWN; // simpleclient can only type counters named *_total
          } else {
            type = Collector.Type.GAUGE;
          }
          List<MetricFamilySamples.Sample> samples = new ArrayList<>();
          for (Map.Entry<Key, Value> e : entries) {
            Labels labels = e.getKey().labels();
            samples.add(
                new MetricFamilySamples.Sample(
                    name, labels.names(), values(labels), e.getValue().value())); // no timestamp
          }
          families.add(new MetricFamilySamples(familyName, type, "", samples));
        });
    StringWriter out = new StringWriter();
    try {
      TextFormat.write004(out, Collections.enumeration(families));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static List<String> values(Labels labels) {
    List<String> out = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.add(labels.value(i));
    }
    return out;
  }

  /** {@code <url>/metrics/job/<job>/instance/<name>[/<label>/<value>...]}. */
  HttpUrl groupUrl() {
    HttpUrl.Builder b = HttpUrl.get(spec.http().url().toString()).newBuilder();
    b.addPathSegment("metrics");
    addPair(b, "job", spec.job());
    addPair(b, "instance", instance());
    new TreeMap<>(spec.grouping()).forEach((k, v) -> addPair(b, k, v));
    return b.build();
  }

  /** The Sentinel's name (from the samples) or, before any sample, the host name. */
  private String instance() {
    if (instance != null) {
      return instance;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "sentinel";
    }
  }

  /** A grouping pair; a value that is empty or contains '/' uses {@code <label>@base64}. */
  static void addPair(HttpUrl.Builder b, String label, String value) {
    if (value.isEmpty() || value.contains("/")) {
      String encoded =
          value.isEmpty()
              ? "="
              : Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
      b.addPathSegment(label + "@base64").addPathSegment(encoded);
    } else {
      b.addPathSegment(label).addPathSegment(value);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (spec.deleteOnShutdown()) {
        if (instance == null) {
          logger.info("{}: nothing was pushed since start; no group to delete", spec.name());
        } else {
          SendResult r =
              transport.send("DELETE", groupUrl(), null, TextFormat.CONTENT_TYPE_004, NO_HEADERS);
          if (r.delivered()) {
            logger.info("{}: deleted group {}", spec.name(), groupUrl().encodedPath());
          } else {
            logger.warn(
                "{}: could not delete group {}: {}",
                spec.name(),
                groupUrl().encodedPath(),
                r.reason());
          }
        }
      }
    } finally {
      transport.close();
    }
  }
}
