package dev.sentinel.plugins.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.echo.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exec engine against fake {@code ping} scripts: no network at all. */
class ExecPingEngineTest {
  @TempDir Path dir;

  private static final PingRequest ONE =
      new PingRequest("127.0.0.1", 1, Duration.ofMillis(200), Duration.ofMillis(1));

  private Path script(String body) throws IOException {
    Path p = dir.resolve("fake-ping");
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void commandIsAnArgumentArrayWithDotDecimalsInAnyLocale() throws Exception {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Path args = dir.resolve("args");
      Path fake =
          script(
              "printf '%s\\n' \"$@\" > '"
                  + args
                  + "'\nprintf '%s\\n' \"LC_ALL=$LC_ALL\" >> '"
                  + args
                  + "'\necho '3 packets transmitted, 3 received, 0% packet loss, time 2003ms'");
      PingRequest r = new PingRequest("::1", 3, Duration.ofMillis(200), Duration.ofMillis(1500));
      PingOutcome o = new ExecPingEngine(fake.toString()).ping(r, ReplyListener.NONE);

      assertThat(Files.readAllLines(args))
          .containsExactly("-n", "-O", "-c", "3", "-i", "0.2", "-W", "1.5", "::1", "LC_ALL=C");
      assertThat(o.received()).isEqualTo(3);
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void secondsAndDeadline() {
    assertThat(ExecPingEngine.seconds(Duration.ofSeconds(1))).isEqualTo("1");
    assertThat(ExecPingEngine.seconds(Duration.ofMillis(250))).isEqualTo("0.25");
    assertThat(ExecPingEngine.seconds(Duration.ofMillis(60_000))).isEqualTo("60");
    // ceil(4 * 1s + 2s) + 1s
    assertThat(
            ExecPingEngine.deadline(
                new PingRequest("h", 4, Duration.ofSeconds(1), Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofSeconds(7));
    // ceil(3 * 0.2s + 0.5s) + 1s = ceil(1.1) + 1
    assertThat(
            ExecPingEngine.deadline(
                new PingRequest("h", 3, Duration.ofMillis(200), Duration.ofMillis(500))))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void stderrIsMergedSoUnknownHostIsSeen() throws Exception {
    Path fake = script("echo 'ping: nosuch.invalid: Name or service not known' >&2\nexit 2");
    PingOutcome o =
        new ExecPingEngine(fake.toString())
            .ping(
                new PingRequest("nosuch.invalid", 1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                ReplyListener.NONE);
    assertThat(o)
        .isEqualTo(
            PingOutcome.failed(
                "nosuch.invalid", "unknown host nosuch.invalid (Name or service not known)"));
  }

  @Test
  void missingBinaryIsAnOutcomeNotAnException() throws Exception {
    PingOutcome o =
        new ExecPingEngine(dir.resolve("no-such-ping").toString()).ping(ONE, ReplyListener.NONE);
    assertThat(o.hasError()).isTrue();
    assertThat(o.error())
        .isEqualTo("cannot run " + dir.resolve("no-such-ping") + ": No such file or directory");
    assertThat(o.received()).isZero();
    assertThat(o.lossPercent()).isEqualTo(100.0);
  }

  @Test
  void repliesAreReportedAsTheyArrive() throws Exception {
    Path fake =
        script(
            """
            echo 'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.'
            echo '64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms'
            sleep 1
            echo '64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.050 ms'
            """);
    List<Long> seen = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    PingOutcome o =
        new ExecPingEngine(fake.toString())
            .ping(
                new PingRequest("127.0.0.1", 2, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new ReplyListener() {
                  @Override
                  public void reply(Reply reply) {
                    seen.add(System.nanoTime() - start);
                  }
                });
    long total = System.nanoTime() - start;
    assertThat(seen).hasSize(2);
    assertThat(total - seen.get(0)).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(700));
    // killed-like output without summary: computed from the replies
    assertThat(o.transmitted()).isEqualTo(2);
    assertThat(o.received()).isEqualTo(2);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void hangingPingIsKilledAtTheDeadline() throws Exception {
    // deadline for ONE: ceil(0.2s + 0.001s) + 1s = 2s; the child sleep holds the pipe open too
    Path fake =
        script("echo 'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.'\nsleep 30\necho late");
    long start = System.nanoTime();
    PingOutcome o = new ExecPingEngine(fake.toString()).ping(ONE, ReplyListener.NONE);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(6));
    assertThat(o.error()).isEqualTo("ping did not finish within 2s");
    assertThat(o.address()).isEqualTo("127.0.0.1");
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
        .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 30"));
  }

  @Test
  void packetOptionsBecomePingFlags() throws Exception {
    PingTarget t = new PingTarget("lo", InetAddress.getByName("::1"), "d");
    EchoSpec spec =
        new EchoSpec(
            2,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            100,
            7,
            184,
            null,
            InetAddress.getByName("::1"));
    assertThat(new ExecPingEngine("ping").command(PingRequest.of(t, spec)))
        .containsExactly(
            "ping", "-n", "-O", "-c", "2", "-i", "0.2", "-W", "1", "-s", "100", "-t", "7", "-Q",
            "184", "-I", "::1", "::1");
  }
}
