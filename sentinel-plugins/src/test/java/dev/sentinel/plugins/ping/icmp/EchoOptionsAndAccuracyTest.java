package dev.sentinel.plugins.ping.icmp;

import static dev.sentinel.plugins.ping.icmp.NativeEchoEngineTest.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.icmp.NativeEchoEngine.Kind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Per-packet options as they appear on the wire, and RTTs compared with iputils ping. */
class EchoOptionsAndAccuracyTest {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void ttlTosSourceAndSizeGoOnTheWire(Kind kind) throws Exception {
    try (NetNs ns = NetNs.create()) { // an observer raw socket there sees only this test's packets
      ns.exec("sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647");
      int observer =
          ns.inside(
              () ->
                  LibC.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMP));
      assertThat(observer).as("observer socket errno %d", Native.getLastError()).isNotNegative();
      try (NativeEchoEngine engine = ns.inside(() -> NativeEchoEngine.open(kind))) {
        EchoSpec spec =
            new EchoSpec(
                1,
                Duration.ofMillis(10),
                Duration.ofSeconds(1),
                100,
                7,
                0x20,
                InetAddress.getByName("127.0.0.2"),
                InetAddress.getByName("::1"));
        PingTarget v4 = target("127.0.0.1");
        PingTarget v6 = target("::1");
        Events events = new Events();
        List<EchoResult> results = engine.ping(List.of(v4, v6), spec, events);
        assertThat(results).allSatisfy(r -> assertThat(r.received()).isEqualTo(1));
        assertThat(events.replies).allSatisfy(g -> assertThat(g.reply().bytes()).isEqualTo(108));

        // The observer saw the request: IPv4 header then ICMP type 8.
        Memory tv = new Memory(16);
        tv.setLong(0, 0);
        tv.setLong(8, 200_000);
        LibC.setsockopt(observer, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv, 16);
        Memory msg = new Memory(LibC.MSGHDR_SIZE);
        Memory iov = new Memory(LibC.IOVEC_SIZE);
        Memory buf = new Memory(2048);
        iov.setPointer(0, buf);
        iov.setLong(8, 2048);
        byte[] request = null;
        for (int i = 0; i < 10 && request == null; i++) {
          msg.clear();
          msg.setPointer(LibC.MSG_IOV, iov);
          msg.setLong(LibC.MSG_IOVLEN, 1);
          long n = LibC.recvmsg(observer, msg, 0);
          if (n <= 0) {
            break;
          }
          byte[] p = buf.getByteArray(0, (int) n);
          int ihl = (p[0] & 0x0f) * 4;
          if ((p[ihl] & 0xff) == 8) {
            request = p;
          }
        }
        assertThat(request).as("echo request seen by the observer").isNotNull();
        assertThat(request[8] & 0xff).as("TTL").isEqualTo(7);
        assertThat(request[1] & 0xff).as("TOS").isEqualTo(0x20);
        assertThat(InetAddress.getByAddress(Arrays.copyOfRange(request, 12, 16)))
            .as("source")
            .isEqualTo(InetAddress.getByName("127.0.0.2"));
        assertThat(request.length - (request[0] & 0x0f) * 4).as("ICMP bytes").isEqualTo(108);
      } finally {
        LibC.close(observer);
      }
    }
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static List<Double> systemPing() throws Exception {
    String out = NetNs.run("ping", "-n", "-c", "100", "-i", "0.01", "127.0.0.1");
    List<Double> rtts = new ArrayList<>();
    Matcher m = Pattern.compile("time=([0-9.]+) ms").matcher(out);
    while (m.find()) {
      rtts.add(Double.parseDouble(m.group(1)));
    }
    return rtts;
  }

  static List<Double> engine(NativeEchoEngine engine) throws InterruptedException {
    return engine
        .ping(
            List.of(target("127.0.0.1")),
            EchoSpec.of(100, Duration.ofMillis(10), Duration.ofSeconds(1)),
            EchoListener.NONE)
        .get(0)
        .rttsMs();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void medianRttMatchesIputilsPing(Kind kind) throws Exception {
    try (NativeEchoEngine engine = NativeEchoEngine.open(kind)) {
      engine.ping(
          List.of(target("127.0.0.1")),
          EchoSpec.of(20, Duration.ofMillis(1), Duration.ofSeconds(1)),
          EchoListener.NONE); // warm-up
      List<Double> ping = systemPing();
      List<Double> jna = engine(engine);
      engine.setJnaClock(false);
      List<Double> instant = engine(engine);
      engine.setJnaClock(true);
      List<Double> ping2 = systemPing();
      assertThat(ping).hasSize(100);
      assertThat(jna).hasSize(100);
      double p = median(List.of(median(ping), median(ping2)));
      double j = median(jna);
      System.out.printf(
          "%s median RTT to 127.0.0.1 (100 echoes, 10 ms apart): ping %.1f / %.1f us,"
              + " engine %.1f us (clock_gettime via JNA), %.1f us (Instant.now)%n",
          kind, median(ping) * 1000, median(ping2) * 1000, j * 1000, median(instant) * 1000);
      assertThat(Math.abs(j - p) * 1000).as("|engine - ping| in us").isLessThan(50);
    }
  }
}
