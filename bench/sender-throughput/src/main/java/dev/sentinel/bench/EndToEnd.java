package dev.sentinel.bench;

import dev.sentinel.core.buffer.Buffer;
import dev.sentinel.core.buffer.MemoryBuffer;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.DestinationRegistry;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.logging.LogThrottle;
import dev.sentinel.core.metrics.SelfMetrics;
import dev.sentinel.core.model.Sample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end load (benchmark only: a synthetic source, not a plugin, never shipped). A generator
 * thread puts N series x R samples/s into a {@link MemoryBuffer}; a sender thread drives the real
 * {@code SenderLoop} over the real {@code victoria_metrics} destination (found through {@link
 * DestinationRegistry}, configured from a {@link Section}) to the URL given, flushing continuously.
 * After a warm-up, it measures D seconds, then stops generating, drains, and prints the figures
 * (human lines, then {@code key=value} lines for scripts).
 *
 * <pre>
 * java -cp benchmarks.jar dev.sentinel.bench.EndToEnd --url http://127.0.0.1:8428/api/v1/write \
 *     [--series 10000] [--rate 10] [--seconds 30] [--warmup 5] [--batch 1000] [--buffer 1000000]
 * </pre>
 *
 * {@code --rate} is samples/s per series; 0 offers as much as the sender takes (the generator
 * keeps about 100 batches pending), which measures the sender's ceiling.
 */
public final class EndToEnd {
  private EndToEnd() {}

  public static void main(String[] args) throws Exception {
    // Before any logger exists: SenderLoop's warnings (failed batches) on stderr, nothing else.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
    }
    System.setProperty("slf4j.internal.verbosity", "WARN");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");

    String url = null;
    int series = 10_000;
    double rate = 10;
    int seconds = 30;
    int warmup = 5;
    int batchSize = 1000;
    int bufferSize = 1_000_000;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--url" -> url = v;
        case "--series" -> series = Integer.parseInt(v);
        case "--rate" -> rate = Double.parseDouble(v);
        case "--seconds" -> seconds = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--batch" -> batchSize = Integer.parseInt(v);
        case "--buffer" -> bufferSize = Integer.parseInt(v);
        default -> usage("unknown argument " + args[i]);
      }
      i++;
      if (v == null) {
        usage(args[i - 1] + " needs a value");
      }
    }
    if (url == null) {
      usage("--url is required");
    }

    // The real destination, configured the way the daemon does it from sender.direct.victoria_metrics.
    DestinationProvider provider =
        DestinationRegistry.load()
            .find("victoria_metrics")
            .orElseThrow(() -> new IllegalStateException("no victoria_metrics destination on the class path"));
    Problems problems = new Problems("EndToEnd");
    Section section = Section.of("sender.direct.victoria_metrics", Map.of("url", url), problems);
    DestinationSpec spec =
        provider.configure(section, new SenderDefaults(Duration.ofSeconds(30), "Sentinel/0.1.0 (sender-throughput bench)"));
    problems.throwIfErrors();
    problems.warnings().forEach(w -> System.err.println("config warning: " + w));

    AtomicLong bufferDrops = new AtomicLong();
    MemoryBuffer buffer = new MemoryBuffer(bufferSize, (d, reason, n) -> bufferDrops.addAndGet(n));
    SelfMetrics metrics = new SelfMetrics("bench");
    Destination destination = spec.open();
    Buffer.Reader reader = buffer.reader(destination.name());
    dev.sentinel.core.engine.SenderLoop loop =
        new dev.sentinel.core.engine.SenderLoop(destination, reader, batchSize, metrics, new LogThrottle(Duration.ofSeconds(10)));
    System.out.printf(
        "end-to-end: %s, %d series x %s samples/s, batches of %d, %d s warm-up + %d s measured%n",
        spec.describe(), series, rate == 0 ? "as many" : fmt(rate), batchSize, warmup, seconds);

    final int seriesCount = series;
    final double perSeries = rate;
    Workload workload = new Workload(seriesCount);
    AtomicBoolean generating = new AtomicBoolean(true);
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicLong generated = new AtomicLong();
    long[] lastTs = new long[seriesCount];
    int pendingTarget = 100 * batchSize;
    double perSecond = perSeries * seriesCount;
    Thread generator =
        new Thread(
            () -> {
              long start = System.nanoTime();
              int cursor = 0;
              while (generating.get()) {
                long due;
                if (perSeries == 0) {
                  due = reader.pending() < pendingTarget / 2 ? pendingTarget / 2 : 0;
                } else {
                  due = (long) ((System.nanoTime() - start) / 1e9 * perSecond) - generated.get();
                }
                if (due <= 0) {
                  LockSupport.parkNanos(1_000_000);
                  continue;
                }
                long now = System.currentTimeMillis();
                while (due > 0) {
                  int n = (int) Math.min(due, 10_000);
                  List<Sample> chunk = new ArrayList<>(n);
                  for (int k = 0; k < n; k++) {
                    // strictly increasing timestamps per series, so every sample is a distinct point
                    long ts = Math.max(now, lastTs[cursor] + 1);
                    lastTs[cursor] = ts;
                    chunk.add(workload.sample(cursor, ts));
                    cursor = cursor + 1 == seriesCount ? 0 : cursor + 1;
                  }
                  buffer.append(chunk);
                  generated.addAndGet(n);
                  due -= n;
                }
              }
            },
            "generator");
    Thread sender =
        new Thread(
            () -> {
              while (sending.get()) {
                long before = loop.successCount();
                // flush's result is not used: its type differs between core versions (boolean, Flush).
                loop.flush(Long.MAX_VALUE);
                if (loop.pendingCount() == 0) {
                  LockSupport.parkNanos(1_000_000); // nothing pending: look again in 1 ms
                } else if (loop.successCount() == before) {
                  LockSupport.parkNanos(100_000_000); // a batch waits for a retry
                }
              }
            },
            "sender-" + destination.name());
    generator.setDaemon(true);
    sender.setDaemon(true);

    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    long t00 = System.nanoTime();
    generator.start();
    sender.start();
    Thread.sleep(warmup * 1000L);

    long t0 = System.nanoTime();
    long cpu0 = os.getProcessCpuTime();
    long gen0 = threads.getThreadCpuTime(generator.getId());
    long snd0 = threads.getThreadCpuTime(sender.getId());
    long ok0 = loop.successCount();
    long made0 = generated.get();
    Thread.sleep(seconds * 1000L);
    long ok1 = loop.successCount();
    long made1 = generated.get();
    long cpu1 = os.getProcessCpuTime();
    long gen1 = threads.getThreadCpuTime(generator.getId());
    long snd1 = threads.getThreadCpuTime(sender.getId());
    long t1 = System.nanoTime();

    generating.set(false);
    generator.join();
    long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (loop.pendingCount() > 0 && System.nanoTime() < drainDeadline) {
      Thread.sleep(10);
    }
    sending.set(false);
    sender.join();
    destination.close();
    long tEnd = System.nanoTime();

    double wall = (t1 - t0) / 1e9;
    long delivered = ok1 - ok0;
    double mSamples = delivered / 1e6;
    double cpuProcess = (cpu1 - cpu0) / 1e9;
    double cpuGenerator = (gen1 - gen0) / 1e9;
    double cpuSender = (snd1 - snd0) / 1e9;
    long total = loop.successCount();
    System.out.printf("offered:   %s samples/s (generated %,d in the measured window)%n", fmt((made1 - made0) / wall), made1 - made0);
    System.out.printf("delivered: %s samples/s over %.1f s (%,d samples)%n", fmt(delivered / wall), wall, delivered);
    System.out.printf(
        "CPU per million samples delivered: %.2f s for the whole JVM (%.0f %% of one core), %.2f s sender thread, %.2f s generator thread%n",
        cpuProcess / mSamples, 100 * cpuProcess / wall, cpuSender / mSamples, cpuGenerator / mSamples);
    System.out.printf(
        "whole run (%.0f s, warm-up and drain included): %,d delivered, %,d generated, %,d failed sends, %,d dropped (%,d buffer full), %,d left pending%n",
        (tEnd - t00) / 1e9, total, generated.get(), loop.failedCount(), loop.droppedCount(), bufferDrops.get(), loop.pendingCount());
    System.out.println("samples_per_second=" + Math.round(delivered / wall));
    System.out.println("delivered_window=" + delivered);
    System.out.println("delivered_total=" + total);
    System.out.println("generated_total=" + generated.get());
    System.out.println("failed_total=" + loop.failedCount());
    System.out.println("dropped_total=" + loop.droppedCount());
    System.out.println("pending_total=" + loop.pendingCount());
    System.out.printf("cpu_seconds_per_million=%.3f%n", cpuProcess / mSamples);
    System.out.printf("sender_cpu_seconds_per_million=%.3f%n", cpuSender / mSamples);
    System.exit(loop.pendingCount() == 0 && loop.droppedCount() == 0 ? 0 : 1);
  }

  private static String fmt(double v) {
    return String.format("%,.0f", v);
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: EndToEnd --url http://127.0.0.1:PORT/api/v1/write [--series N] [--rate PER_SERIES_PER_S (0 = saturate)]"
            + " [--seconds D] [--warmup W] [--batch B] [--buffer CAPACITY]");
    System.exit(2);
  }
}
