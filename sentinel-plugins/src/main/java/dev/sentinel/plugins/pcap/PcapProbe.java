package dev.sentinel.plugins.pcap;

import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeStartException;
import java.util.List;

/**
 * One configured pcap task. Continuous mode ({@code window} unset): {@link #start()} opens a
 * capture that runs between runs, and each run reports what it counted since the previous one; a
 * capture that failed to open or died (the interface went away) is opened again by the next run, so
 * an interface that appears after start-up is captured without a restart. Window mode: each run
 * opens a capture, counts for the window and closes it. Counters are cumulative over everything the
 * task captured in either mode.
 */
final class PcapProbe implements Probe {
  private final PcapOptions options;
  private final PcapSamples samples;
  // guarded by this
  private Capture live;
  private Counts finished = Counts.ZERO; // counted by captures that have ended
  private Counts previous =
      Counts.ZERO; // the totals reported by the previous run (continuous mode)
  private long previousNanos;

  PcapProbe(PcapOptions options) {
    this.options = options;
    this.samples = new PcapSamples(options.interfaceName());
  }

  PcapOptions options() {
    return options;
  }

  /**
   * Continuous mode: opens the capture. Window mode: opens one and closes it at once, so that a
   * missing privilege or library is reported once at start-up rather than only in the runs.
   */
  @Override
  public void start() throws ProbeStartException {
    Capture c = Capture.open(options, OwnAddresses.of(options.interfaceName()));
    synchronized (this) {
      if (options.window() != null || live != null) {
        c.close();
        return;
      }
      live = c;
      previousNanos = c.openedNanos();
    }
  }

  @Override
  public synchronized void close() {
    if (live != null) {
      finished = finished.plus(live.close());
      live = null;
    }
  }

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    OwnAddresses own = OwnAddresses.of(options.interfaceName());
    samples.expect(own.loopback());
    PcapReport report = new PcapReport(options, ctx.listener());
    return options.window() == null ? continuous(ctx, own, report) : window(ctx, own, report);
  }

  private ProbeResult window(ProbeContext ctx, OwnAddresses own, PcapReport report)
      throws InterruptedException {
    Capture c;
    try {
      c = Capture.open(options, own);
    } catch (ProbeStartException e) {
      return failed(ctx, e.getMessage());
    }
    report.header(); // the capture is open: the window starts now
    try {
      Thread.sleep(options.window().toMillis());
    } catch (InterruptedException e) {
      c.close();
      throw e;
    }
    Counts counted = c.close();
    double seconds = c.seconds();
    Counts totals;
    synchronized (this) {
      finished = finished.plus(counted);
      totals = finished;
    }
    if (c.failure() != null) {
      return failed(ctx, c.failure());
    }
    return succeeded(ctx, totals, counted, seconds, c.counter().takeTalkers(), report);
  }

  private synchronized ProbeResult continuous(
      ProbeContext ctx, OwnAddresses own, PcapReport report) {
    if (live != null && live.failure() != null) { // it died: keep its counts, open a new one
      finished = finished.plus(live.close());
      live = null;
    }
    if (live == null) {
      try {
        live = Capture.open(options, own);
      } catch (ProbeStartException e) {
        return failed(ctx, e.getMessage());
      }
      if (previousNanos == 0) {
        previousNanos = live.openedNanos();
      }
    } else {
      live.counter().own(own);
    }
    report.header();
    long now = System.nanoTime();
    Counts totals = finished.plus(live.counts());
    Counts interval = totals.minus(previous);
    double seconds = (now - previousNanos) / 1e9;
    previous = totals;
    previousNanos = now;
    return succeeded(ctx, totals, interval, seconds, live.counter().takeTalkers(), report);
  }

  private ProbeResult succeeded(
      ProbeContext ctx,
      Counts totals,
      Counts interval,
      double seconds,
      TalkerTable talkers,
      PcapReport report) {
    List<TalkerTable.Talker> top = talkers == null ? List.of() : talkers.top(options.topTalkers());
    report.table(interval, seconds, top);
    return ProbeResult.success(samples.of(ctx, totals, interval, seconds, top));
  }

  private ProbeResult failed(ProbeContext ctx, String message) {
    Counts totals;
    synchronized (this) {
      totals = finished;
    }
    return ProbeResult.failure(message, samples.of(ctx, totals, null, 0, List.of()));
  }
}
