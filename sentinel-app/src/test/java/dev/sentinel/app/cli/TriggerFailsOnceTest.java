package dev.sentinel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failed {@code sentinel trigger <plugin>} states why exactly once: core's {@code FAILED:
 * <error>} line, not the plugin's own failure line as well. Every target is on 127.0.0.1 (or ::1).
 */
class TriggerFailsOnceTest {
  /** A port on 127.0.0.1 that was just free: connecting to it is refused. */
  private static int closed;

  @BeforeAll
  static void findAClosedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
  }

  static Stream<List<String>> failingTriggers() {
    String port = Integer.toString(closed);
    return Stream.of(
        List.of("trigger", "http", "http://127.0.0.1:" + port + "/"),
        List.of("trigger", "tcp", "127.0.0.1:" + port),
        List.of(
            "trigger", "dns", "probe.test", "--server", "127.0.0.1:" + port, "--tcp", "-t", "2"),
        List.of("trigger", "ping", "-4", "::1"));
  }

  @ParameterizedTest(name = "sentinel {0}")
  @MethodSource("failingTriggers")
  void printsTheFailureOnce(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));

    assertThat(code).as(err.toString()).isEqualTo(Main.TARGET_FAILED);
    List<String> failed = out.toString().lines().filter(l -> l.startsWith("FAILED:")).toList();
    assertThat(failed).as(out.toString()).hasSize(1);
    String why = failed.get(0).substring("FAILED:".length()).strip();
    assertThat(why).isNotEmpty();
    assertThat(out.toString().lines().filter(l -> l.contains(why))).as(out.toString()).hasSize(1);
  }
}
