package dev.sentinel.plugins.ping.icmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.echo.Reply;
import dev.sentinel.plugins.ping.icmp.NativeEchoEngine.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The native engine against real sockets. Runs as root with {@code net.ipv4.ping_group_range}
 * covering group 0 (bin/test sets it): both kinds must work, nothing is skipped. Traffic goes only
 * to 127.0.0.0/8, ::1 and into network namespaces created here.
 */
class NativeEchoEngineTest {

  static PingTarget target(String address) {
    try {
      return new PingTarget(address, InetAddress.getByName(address), "dev-" + address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** 127.0.1.1 ... 127.0.4.232: the 1000 addresses the fping benchmarks use. */
  static List<PingTarget> fanOutTargets() {
    List<PingTarget> out = new ArrayList<>();
    for (int i = 1; out.size() < 1000; i++) {
      out.add(target("127.0." + (1 + i / 256) + "." + (i % 256)));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void loopbackV4AndV6Answer(Kind kind) throws Exception {
    try (NativeEchoEngine engine = NativeEchoEngine.open(kind)) {
      assertThat(engine.method()).isEqualTo(kind.name().toLowerCase());
      assertThat(engine.ipv6()).as(engine.ipv6Unavailable()).isTrue();
      PingTarget v4 = target("127.0.0.1");
      PingTarget v6 = target("::1");
      Events events = new Events();
      List<EchoResult> results =
          engine.ping(
              List.of(v4, v6),
              EchoSpec.of(3, Duration.ofMillis(20), Duration.ofSeconds(1)),
              events);

      assertThat(results).extracting(EchoResult::target).containsExactly(v4, v6);
      for (EchoResult r : results) {
        assertThat(r.sent()).isEqualTo(3);
        assertThat(r.received()).isEqualTo(3);
        assertThat(r.rttsMs()).allSatisfy(ms -> assertThat(ms).isGreaterThan(0).isLessThan(10));
        assertThat(r.replyTtl()).isPositive();
        assertThat(r.duplicates()).isZero();
        assertThat(r.error()).isEmpty();
        List<Reply> replies = events.repliesFor(r.target());
        assertThat(replies).extracting(Reply::seq).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(replies)
            .allSatisfy(
                rep -> {
                  assertThat(rep.from()).isEqualTo(r.target().host());
                  assertThat(rep.bytes()).isEqualTo(64);
                  assertThat(rep.ttl()).isPositive();
                  assertThat(rep.duplicate()).isFalse();
                  assertThat(rep.timeMs()).isGreaterThan(0);
                });
      }
      assertThat(events.lost).isEmpty();
      assertThat(events.notices).isEmpty();
      assertThat(engine.socket(false).kernelTimed).as("replies timed by the kernel").isEqualTo(3);
      assertThat(engine.socket(true).kernelTimed).as("replies timed by the kernel").isEqualTo(3);
      assertThat(engine.socket(false).pending).isEmpty();
      assertThat(engine.socket(true).pending).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void silentlyDroppedEchoesAreLossWithinTheTimeout(Kind kind) throws Exception {
    try (NetNs ns = NetNs.create()) {
      ns.exec("sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647");
      ns.exec("sysctl", "-q", "-w", "net.ipv4.icmp_echo_ignore_all=1");
      ns.exec("sysctl", "-q", "-w", "net.ipv6.icmp.echo_ignore_all=1");
      try (NativeEchoEngine engine = ns.inside(() -> NativeEchoEngine.open(kind))) {
        PingTarget v4 = target("127.0.0.1");
        PingTarget v6 = target("::1");
        Events events = new Events();
        EchoSpec spec = EchoSpec.of(3, Duration.ofMillis(100), Duration.ofMillis(300));
        long t0 = System.nanoTime();
        List<EchoResult> results = engine.ping(List.of(v4, v6), spec, events);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf(
            "%s loss run: %d ms (runTime %d ms)%n", kind, ms, spec.runTime().toMillis());

        assertThat(ms).isBetween(spec.runTime().toMillis() - 5, spec.runTime().toMillis() + 300);
        assertThat(results)
            .allSatisfy(
                r -> {
                  assertThat(r.sent()).isEqualTo(3);
                  assertThat(r.received()).isZero();
                  assertThat(r.replyTtl()).isEqualTo(-1);
                  assertThat(r.error()).isEmpty();
                  assertThat(events.lostFor(r.target())).containsExactly(1, 2, 3);
                });
        assertThat(events.replies).isEmpty();
        assertThat(engine.socket(false).pending).isEmpty();
        assertThat(engine.socket(true).pending).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sendErrorsAreResultsNotExceptions(Kind kind) throws Exception {
    try (NetNs ns = NetNs.create()) { // only lo: no route anywhere else, nothing can leave
      ns.exec("sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647");
      try (NativeEchoEngine engine = ns.inside(() -> NativeEchoEngine.open(kind))) {
        PingTarget net4 = target("192.0.2.1");
        PingTarget net6 = target("2001:db8::1");
        PingTarget lo = target("127.0.0.1");
        Events events = new Events();
        List<EchoResult> results =
            engine.ping(
                List.of(net4, lo, net6),
                EchoSpec.of(2, Duration.ofMillis(10), Duration.ofMillis(500)),
                events);

        assertThat(results.get(1).received()).isEqualTo(2);
        for (EchoResult r : List.of(results.get(0), results.get(2))) {
          assertThat(r.sent()).isZero();
          assertThat(r.received()).isZero();
          assertThat(r.error()).startsWith("sendmsg: ").contains("(ENETUNREACH)");
          assertThat(events.noticesFor(r.target()))
              .containsExactly("icmp_seq=1 " + r.error(), "icmp_seq=2 " + r.error());
          assertThat(events.lostFor(r.target())).isEmpty();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fanOutToAThousandTargets(Kind kind) throws Exception {
    List<PingTarget> targets = fanOutTargets();
    assertThat(targets.get(0).host()).isEqualTo("127.0.1.1");
    assertThat(targets.get(999).host()).isEqualTo("127.0.4.232");
    try (NativeEchoEngine engine = NativeEchoEngine.open(kind)) {
      Events events = new Events();
      EchoSpec spec = EchoSpec.of(1, Duration.ofSeconds(1), Duration.ofSeconds(2));
      engine.ping(targets.subList(0, 10), spec, EchoListener.NONE); // warm-up (JIT)
      long t0 = System.nanoTime();
      List<EchoResult> results = engine.ping(targets, spec, events);
      double ms = (System.nanoTime() - t0) / 1e6;
      System.out.printf(
          "%s: 1000 targets x 1 echo in %.1f ms (receive buffer %d bytes)%n",
          kind, ms, engine.socket(false).receiveBuffer());

      assertThat(results).extracting(EchoResult::target).containsExactlyElementsOf(targets);
      assertThat(results)
          .allSatisfy(
              r -> {
                assertThat(r.sent()).isEqualTo(1);
                assertThat(r.received()).as(r.target().host()).isEqualTo(1);
                assertThat(events.repliesFor(r.target()))
                    .singleElement()
                    .extracting(Reply::from)
                    .isEqualTo(r.target().host());
              });
      assertThat(events.replies).hasSize(1000);
      assertThat(events.lost).isEmpty();
      assertThat(ms).isLessThan(1000);
      // Replies this dense are taken in batches, and the wait between batches does not show in
      // the round-trip times: they come from the kernel's receive timestamps.
      Receiver receiver = engine.socket(false).receiver();
      // (a raw socket also sees other processes' replies and errors: at least ours)
      assertThat(receiver.datagrams).isGreaterThanOrEqualTo(1010);
      assertThat(receiver.calls).as("recvmmsg calls for 1010 replies").isLessThan(300);
      assertThat(engine.socket(false).kernelTimed).isEqualTo(1010);
      assertThat(results)
          .flatExtracting(EchoResult::rttsMs)
          .allSatisfy(rtt -> assertThat(rtt).isLessThan(1.0));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sparseRepliesAreTakenOneByOneAndLargeOnesWhole(Kind kind) throws Exception {
    try (NativeEchoEngine engine = NativeEchoEngine.open(kind)) {
      Events events = new Events();
      int size = 65507 - 20 - 8; // the largest echo an IPv4 datagram carries
      EchoSpec spec =
          new EchoSpec(5, Duration.ofMillis(20), Duration.ofSeconds(1), size, 0, -1, null, null);
      List<EchoResult> results = engine.ping(List.of(target("127.0.0.1")), spec, events);

      assertThat(results.get(0).received()).isEqualTo(5);
      assertThat(events.replies).extracting(g -> g.reply().bytes()).containsOnly(size + 8);
      Receiver receiver = engine.socket(false).receiver();
      assertThat(receiver.datagrams).isGreaterThanOrEqualTo(5);
      assertThat(receiver.calls).as("one call per reply 20 ms apart").isEqualTo(receiver.datagrams);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentRunsOnOneEngine(Kind kind) throws Exception {
    List<PingTarget> all = fanOutTargets();
    List<PingTarget> a = new ArrayList<>(all.subList(0, 300));
    List<PingTarget> b = new ArrayList<>(all.subList(300, 600));
    a.add(target("::1"));
    b.add(target("127.0.0.1"));
    b.add(
        target("::1")); // the same address in both runs: distinct sequence numbers keep them apart
    EchoSpec spec = EchoSpec.of(3, Duration.ofMillis(20), Duration.ofSeconds(1));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (NativeEchoEngine engine = NativeEchoEngine.open(kind)) {
      Events ea = new Events();
      Events eb = new Events();
      CompletableFuture<Void> go = new CompletableFuture<>();
      Future<List<EchoResult>> fa =
          pool.submit(() -> go.thenApply(x -> 0).join() == 0 ? engine.ping(a, spec, ea) : null);
      Future<List<EchoResult>> fb =
          pool.submit(() -> go.thenApply(x -> 0).join() == 0 ? engine.ping(b, spec, eb) : null);
      go.complete(null);
      for (var pair : List.of(List.of(fa, a, ea), List.of(fb, b, eb))) {
        @SuppressWarnings("unchecked")
        List<EchoResult> results =
            ((Future<List<EchoResult>>) pair.get(0)).get(10, TimeUnit.SECONDS);
        @SuppressWarnings("unchecked")
        List<PingTarget> targets = (List<PingTarget>) pair.get(1);
        Events events = (Events) pair.get(2);
        assertThat(results).extracting(EchoResult::target).containsExactlyElementsOf(targets);
        assertThat(results)
            .allSatisfy(
                r -> {
                  assertThat(r.sent()).isEqualTo(3);
                  assertThat(r.received()).as(r.target().host()).isEqualTo(3);
                  assertThat(r.duplicates()).isZero();
                  assertThat(events.repliesFor(r.target()))
                      .extracting(Reply::seq)
                      .containsExactlyInAnyOrder(1, 2, 3);
                });
        assertThat(events.replies)
            .allSatisfy(g -> assertThat(g.reply().from()).isEqualTo(g.target().host()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void interruptReleasesTheRunPromptly() throws Exception {
    try (NetNs ns = NetNs.create()) {
      ns.exec("sysctl", "-q", "-w", "net.ipv4.icmp_echo_ignore_all=1");
      ns.exec("sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647");
      try (NativeEchoEngine engine = ns.inside(() -> NativeEchoEngine.open(Kind.DGRAM))) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread runner =
            new Thread(
                () -> {
                  try {
                    outcome.set(
                        engine.ping(
                            List.of(target("127.0.0.1"), target("127.0.0.2")),
                            EchoSpec.of(5, Duration.ofMillis(100), Duration.ofSeconds(30)),
                            EchoListener.NONE));
                    flagKept.set(Thread.currentThread().isInterrupted());
                  } catch (Throwable e) {
                    outcome.set(e);
                  }
                });
        runner.start();
        Thread.sleep(250);
        assertThat(engine.socket(false).pending).isNotEmpty();
        long t0 = System.nanoTime();
        runner.interrupt();
        runner.join(2000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(500);
        // What was measured comes back: the echoes sent so far (one every 100 ms per target),
        // each still unanswered and so lost; the interrupt flag stays set for the caller.
        assertThat(outcome.get()).isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        List<EchoResult> partial = (List<EchoResult>) outcome.get();
        assertThat(partial)
            .hasSize(2)
            .allSatisfy(
                r -> {
                  assertThat(r.sent()).isBetween(2, 4);
                  assertThat(r.received()).isZero();
                });
        assertThat(flagKept).isTrue();
        assertThat(engine.socket(false).pending).isEmpty();
        // still usable
        ns.exec("sysctl", "-q", "-w", "net.ipv4.icmp_echo_ignore_all=0");
        List<EchoResult> again =
            engine.ping(
                List.of(target("127.0.0.1")),
                EchoSpec.of(1, Duration.ofMillis(10), Duration.ofSeconds(1)),
                EchoListener.NONE);
        assertThat(again.get(0).received()).isEqualTo(1);
      }
    }
  }

  @Test
  void datagramSocketsRefusedByPingGroupRange() throws Exception {
    // A new namespace starts with the kernel default "1 0": no need to touch the host's sysctl.
    try (NetNs ns = NetNs.create()) {
      assertThatThrownBy(() -> ns.inside(() -> NativeEchoEngine.open(Kind.DGRAM)))
          .isInstanceOf(IcmpUnavailableException.class)
          .hasMessage(
              "ICMP datagram sockets are not allowed for group 0 (net.ipv4.ping_group_range = 1 0):"
                  + " socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP): EACCES")
          .extracting(e -> ((IcmpUnavailableException) e).errno())
          .isEqualTo(13);
    }
  }

  @Test
  void rawSocketsNeedCapNetRaw() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              Caps.dropNetRaw();
              try (NativeEchoEngine e = NativeEchoEngine.open(Kind.RAW)) {
                thrown.set(new AssertionError("opened without CAP_NET_RAW: " + e.method()));
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    t.start();
    t.join();
    assertThat(thrown.get())
        .isInstanceOf(IcmpUnavailableException.class)
        .hasMessage(
            "raw ICMP sockets need CAP_NET_RAW: socket(AF_INET, SOCK_RAW, IPPROTO_ICMP): EPERM");
  }

  /**
   * Regression: buffers reachable only through pointers in native memory were collected while
   * recvmsg wrote into them (a SIGSEGV in libc under GC pressure). Runs with a thread forcing GCs.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void survivesGarbageCollectionDuringRuns(Kind kind) throws Exception {
    List<PingTarget> targets = fanOutTargets();
    AtomicBoolean stop = new AtomicBoolean();
    Thread gc =
        new Thread(
            () -> {
              while (!stop.get()) {
                System.gc();
                LockSupport.parkNanos(5_000_000);
              }
            });
    gc.setDaemon(true);
    try (NativeEchoEngine engine = NativeEchoEngine.open(kind)) {
      gc.start();
      for (int run = 0;
          run < 80;
          run++) { // enough receives for the JIT to compile the receive loop
        List<EchoResult> results =
            engine.ping(
                targets,
                EchoSpec.of(1, Duration.ofMillis(10), Duration.ofSeconds(2)),
                EchoListener.NONE);
        assertThat(results)
            .allSatisfy(r -> assertThat(r.received()).as(r.target().host()).isEqualTo(1));
      }
    } finally {
      stop.set(true);
      gc.join();
    }
  }
}
