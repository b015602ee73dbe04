package dev.sentinel.core.testing;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.ProbeStartException;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plugin for core tests: {@code mode} = up | down | throw | hang | unstartable (its start fails;
 * its runs fail) | partial (hangs, and returns {@code fake_up 0} when interrupted, like a probe
 * reporting what it measured) | stuck (ignores interrupts until {@link #release} is counted down),
 * optional {@code delay}. {@link #closed} counts closed probes.
 */
public final class FakePlugin implements Plugin {
  public static final AtomicInteger closed = new AtomicInteger();
  public static volatile CountDownLatch release = new CountDownLatch(1);

  @Override
  public String type() {
    return "fake";
  }

  @Override
  public ProbeSpec configure(Section options, TaskInfo task) {
    String mode =
        options.choice(
            "mode",
            "up",
            List.of("up", "down", "throw", "hang", "unstartable", "partial", "stuck"));
    Duration delay =
        options.duration("delay", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10));
    String target = options.requiredString("target");
    return ProbeSpec.of(
        Set.of("target"),
        1,
        () ->
            new Probe() {
              @Override
              public void start() throws ProbeStartException {
                if (mode.equals("unstartable")) {
                  throw new ProbeStartException("fake cannot start: grant it CAP_FAKE");
                }
              }

              @Override
              public void close() {
                closed.incrementAndGet();
              }

              @Override
              public ProbeResult run(ProbeContext ctx) throws InterruptedException {
                Thread.sleep(delay.toMillis());
                switch (mode) {
                  case "throw" -> throw new IllegalStateException("boom");
                  case "hang" -> {
                    Thread.sleep(Long.MAX_VALUE);
                    return null;
                  }
                  case "partial" -> {
                    try {
                      Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return ProbeResult.failure(
                        "cut off", List.of(ctx.gauge("fake_up", 0, "target", target)));
                  }
                  case "stuck" -> {
                    while (true) {
                      try {
                        release.await();
                        return ProbeResult.success(
                            List.of(ctx.gauge("fake_up", 1, "target", target)));
                      } catch (InterruptedException ignored) {
                        // a badly behaved probe
                      }
                    }
                  }
                  case "down", "unstartable" -> {
                    return ProbeResult.failure(
                        "target down", List.of(ctx.gauge("fake_up", 0, "target", target)));
                  }
                  default -> {
                    return ProbeResult.success(List.of(ctx.gauge("fake_up", 1, "target", target)));
                  }
                }
              }
            });
  }
}
