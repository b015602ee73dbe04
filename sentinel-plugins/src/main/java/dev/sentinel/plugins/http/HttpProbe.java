package dev.sentinel.plugins.http;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * One configured http task. Each run makes one request, plus one per followed redirect ({@link
 * HttpRun}, each sent by {@link HttpExchange} on a worker thread that never outlives the run's
 * budget), checks status, headers, body and TLS ({@link HttpChecks}) and reports what it measured
 * ({@link HttpSamples}, and {@link HttpReport} for {@code sentinel trigger}). A failing target is a
 * failure result, never an exception.
 */
final class HttpProbe implements Probe {
  private final HttpProbeOptions options;
  private final HttpRequests requests;
  private final HttpChecks checks;
  private final OkHttpClient client;
  private final ChainRecorder chains;
  private final Supplier<ExecutorService> executor;

  /** {@code client} trusts through {@code chains}; requests run on {@code executor}'s threads. */
  HttpProbe(
      HttpProbeOptions options,
      OkHttpClient client,
      ChainRecorder chains,
      Supplier<ExecutorService> executor) {
    this.options = options;
    this.requests = new HttpRequests(options);
    this.checks = new HttpChecks(options);
    this.client = client;
    this.chains = chains;
    this.executor = executor;
  }

  HttpProbeOptions options() {
    return options;
  }

  /**
   * The time budget: {@code timeout} within the task's run budget ({@link ProbeContext#budget()}),
   * else 10s.
   */
  Duration budget(ProbeContext ctx) {
    Duration fromTask = ctx.timeout() == null ? null : ctx.budget();
    if (options.timeout() != null) {
      return fromTask != null && fromTask.compareTo(options.timeout()) < 0
          ? fromTask
          : options.timeout();
    }
    return fromTask != null ? fromTask : HttpProbeOptions.DEFAULT_TIMEOUT;
  }

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    chains.reset();
    HttpRun run = HttpRun.make(options, requests, client, executor, budget(ctx));
    Hop last = run.last();
    Failure failure = run.failure() != null ? run.failure() : checks.check(last);
    HttpTls tls = HttpTls.of(run.handshake(), chains);
    long nowMs = ctx.clock().millis();
    List<Sample> samples = HttpSamples.of(ctx, run, tls, nowMs, checks.bodyMatched(last), failure);

    HttpReport report = new HttpReport(ctx.listener(), ctx.clock());
    report.result(run.hops(), run.phases(), run.totalMs(), tls, nowMs);
    if (failure == null) {
      return ProbeResult.success(samples);
    }
    report.failed(failure.reason().label(), failure.text());
    return ProbeResult.failure(failure.text(), samples);
  }
}
