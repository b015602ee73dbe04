package dev.sentinel.plugins.ping;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.plugins.net.Hosts;
import dev.sentinel.plugins.net.IpFamily;
import dev.sentinel.plugins.ping.echo.EchoEngine;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.PingTarget;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One configured ping task: resolves its host names afresh each run (address literals once), has
 * the engine ping them all at once, and turns each target's result into samples labelled with that
 * target's host and device.
 */
final class PingProbe implements Probe {
  static final String HOST_LABEL = "host";
  static final String FAMILY_LABEL = "ip_family";

  /** Name resolution, replaceable in tests so they never query DNS. */
  interface Resolver {
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final PingOptions options;
  private final Function<String, EchoEngine> engines;
  private final Resolver resolver;

  /** What a host resolved to: its targets, or its failed result. */
  private record Resolved(List<PingTarget> targets, List<EchoResult> failures) {}

  /**
   * Per host, what an address literal resolves to, worked out once: only names are looked up again
   * each run. Null for a name.
   */
  private final List<Resolved> literals = new ArrayList<>();

  /**
   * Each target's label set, made once and reused run after run while the context's labels stay the
   * same: at 100,000 targets, new label sets every run were most of what lived long enough to fill
   * the old generation. Label-name arrays are shared. Runs of a task never overlap, so this needs
   * no lock.
   */
  private final Map<PingTarget, Labels> targetLabels = new HashMap<>();

  private final Labels.NamePool names = new Labels.NamePool();
  private Labels labelsFrom;

  PingProbe(PingOptions options, Function<String, EchoEngine> engines, Resolver resolver) {
    this.options = options;
    this.engines = engines;
    this.resolver = resolver;
    for (PingOptions.Host h : options.hosts()) {
      if (Hosts.isLiteral(h.host())) {
        List<PingTarget> targets = new ArrayList<>();
        List<EchoResult> failed = new ArrayList<>();
        resolve(h, targets, failed);
        literals.add(new Resolved(List.copyOf(targets), List.copyOf(failed)));
      } else {
        literals.add(null);
      }
    }
  }

  PingOptions options() {
    return options;
  }

  private Labels labels(ProbeContext ctx, PingTarget target) {
    if (ctx.baseLabels() != labelsFrom || targetLabels.size() > 2 * options.hosts().size() + 16) {
      targetLabels.clear(); // another context, or names that resolved to many addresses
      names.clear();
      labelsFrom = ctx.baseLabels();
    }
    Labels l = targetLabels.get(target);
    if (l == null) {
      l = names.share(PingSamples.labels(ctx, target, options));
      targetLabels.put(target, l);
    }
    return l;
  }

  /** The labels its samples add. */
  static final Set<String> LABELS = Set.of(HOST_LABEL, FAMILY_LABEL);

  /** Up to 12 series per target (RTT statistics, loss, counts, TTL) and one per percentile. */
  static int samplesPerRun(PingOptions options) {
    int perAddress = 12 + options.percentiles().size();
    return options.hosts().size() * perAddress * (options.ipFamily() == IpFamily.BOTH ? 2 : 1);
  }

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    EchoEngine engine = engines.apply(options.method());
    // The daemon discards the human-readable report: skip making it.
    boolean quiet = ctx.listener() == ProbeContext.Listener.NONE;
    PingReport report = quiet ? null : new PingReport(ctx.listener(), options, engine.method());
    List<PingTarget> targets = new ArrayList<>();
    List<EchoResult> unresolved = new ArrayList<>();
    List<PingOptions.Host> hosts = options.hosts();
    for (int i = 0; i < hosts.size(); i++) {
      Resolved fixed = literals.get(i);
      if (fixed != null) {
        targets.addAll(fixed.targets());
        unresolved.addAll(fixed.failures());
      } else {
        resolve(hosts.get(i), targets, unresolved);
      }
    }
    if (!quiet) {
      report.header(targets);
    }
    List<EchoResult> results = new ArrayList<>(unresolved);
    if (!targets.isEmpty()) {
      results.addAll(engine.ping(targets, options.spec(), quiet ? EchoListener.NONE : report));
    }
    List<Sample> samples = new ArrayList<>();
    long now = ctx.clock().millis();
    int down = 0;
    String firstError = "";
    for (EchoResult r : results) {
      if (!quiet) {
        report.summary(r, results.size() == 1);
      }
      samples.addAll(PingSamples.of(labels(ctx, r.target()), now, r, options));
      if (r.received() == 0) {
        down++;
        if (firstError.isEmpty()) {
          firstError = r.error().isEmpty() ? "100% packet loss" : r.error();
        }
      }
    }
    if (down == 0) {
      return ProbeResult.success(samples);
    }
    String why =
        results.size() == 1 ? firstError : down + " of " + results.size() + " targets unreachable";
    return ProbeResult.failure(why, samples);
  }

  /** Adds the addresses to ping for {@code h} this run, or a failed result when there are none. */
  private void resolve(PingOptions.Host h, List<PingTarget> targets, List<EchoResult> failed) {
    InetAddress[] all;
    try {
      all = resolver.resolve(h.host());
    } catch (UnknownHostException e) {
      failed.add(EchoResult.failed(placeholder(h), 0, "unknown host " + h.host()));
      return;
    }
    List<InetAddress> picked = options.ipFamily().pick(all);
    if (picked.isEmpty()) {
      failed.add(EchoResult.failed(placeholder(h), 0, options.ipFamily().noAddress(h.host())));
      return;
    }
    for (InetAddress a : picked) {
      targets.add(new PingTarget(h.host(), a, h.deviceId()));
    }
  }

  /** A target for results of a host that could not be resolved (never pinged). */
  private static PingTarget placeholder(PingOptions.Host h) {
    return new PingTarget(h.host(), InetAddress.getLoopbackAddress(), h.deviceId());
  }
}
