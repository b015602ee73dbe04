package dev.sentinel.plugins.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.plugins.ping.echo.EchoEngine;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoEnginesTest {
  private static EchoEngines.Opener refuse(String why, List<String> tried) {
    return r -> {
      tried.add(why);
      r.add(why);
      return null;
    };
  }

  private static EchoEngines.Opener give(String method, List<String> tried) {
    return r -> {
      tried.add(method);
      return new EchoEngine() {
        @Override
        public String method() {
          return method;
        }

        @Override
        public List<EchoResult> ping(
            List<PingTarget> targets, EchoSpec spec, EchoListener listener) {
          return List.of();
        }
      };
    };
  }

  @Test
  void autoPrefersDatagramThenRawThenExec() {
    List<String> tried = new ArrayList<>();
    assertThat(
            EchoEngines.choose(
                    "auto", give("dgram", tried), give("raw", tried), give("exec", tried))
                .method())
        .isEqualTo("dgram");
    assertThat(
            EchoEngines.choose(
                    "auto", refuse("no dgram", tried), give("raw", tried), give("exec", tried))
                .method())
        .isEqualTo("raw");
    assertThat(
            EchoEngines.choose(
                    "auto", refuse("no dgram", tried), refuse("no raw", tried), give("exec", tried))
                .method())
        .isEqualTo("exec");
    tried.clear();
    assertThat(
            EchoEngines.choose("raw", give("dgram", tried), give("raw", tried), give("exec", tried))
                .method())
        .isEqualTo("raw");
    assertThat(tried).containsExactly("raw");
  }

  @Test
  void whenNothingWorksEveryRunFailsWithOneLineNamingBothFixes() throws Exception {
    List<String> tried = new ArrayList<>();
    EchoEngine none =
        EchoEngines.choose(
            "auto",
            refuse("ICMP datagram sockets are not allowed", tried),
            refuse("raw ICMP sockets need CAP_NET_RAW", tried),
            refuse("no ping command on the PATH", tried));
    assertThat(none.method()).isEqualTo("none");
    PingTarget t = new PingTarget("127.0.0.1", InetAddress.getByName("127.0.0.1"), "d");
    EchoResult r =
        none.ping(
                List.of(t),
                EchoSpec.of(1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                EchoListener.NONE)
            .get(0);
    assertThat(r.sent()).isZero();
    assertThat(r.error())
        .doesNotContain("\\n")
        .contains("ICMP datagram sockets are not allowed", "CAP_NET_RAW", "no ping command")
        .contains("net.ipv4.ping_group_range", "AmbientCapabilities=CAP_NET_RAW");
  }
}
