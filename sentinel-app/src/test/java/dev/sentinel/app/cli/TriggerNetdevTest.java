package dev.sentinel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code sentinel trigger netdev} as a user runs it (the command line in core, this plugin behind
 * it).
 */
class TriggerNetdevTest {
  /** The netdev plugin's fixture trees, read where they live in the source tree. */
  private static Path tree(String name) {
    return Path.of(System.getProperty("sentinel.home", ".."))
        .toAbsolutePath()
        .normalize()
        .resolve("sentinel-plugins/src/test/resources/netdev")
        .resolve(name);
  }

  private record Run(int code, String out, String err) {}

  private static Run trigger(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "trigger";
    all[1] = "netdev";
    System.arraycopy(args, 0, all, 2, args.length);
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), all);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void printsTheTableAndASampleCount() {
    Run r = trigger("--proc", tree("linux-6.18").resolve("proc").toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .containsPattern("(?m)^eth0 +161621840 +6333 +0 +0 +920343 +5304 +0 +0$")
        .containsPattern("(?m)^netstat_Tcp_RetransSegs_total +34$")
        .containsPattern("(?m)^\\d+ samples \\(not sent\\); --json prints them$")
        .doesNotContainPattern("(?m)^lo ");
  }

  @Test
  void ratesReadTwiceOnTheRealProc() {
    Run r = trigger("-i", "lo", "--rates", "--interval", "200ms", "--no-netstat");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .containsPattern("(?m)^interface +rx bytes/s +rx pkts/s +tx bytes/s +tx pkts/s$")
        .containsPattern("(?m)^lo +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d$")
        .doesNotContain("netstat_");
  }

  @Test
  void jsonPrintsSamples() {
    Run r =
        trigger(
            "--proc",
            tree("linux-3.10").resolve("proc").toString(),
            "-x",
            "docker0|veth.*|lo",
            "--json");
    assertThat(r.code()).isZero();
    assertThat(r.out().lines())
        .allMatch(l -> l.startsWith("{"))
        .anyMatch(
            l ->
                l.contains("\"netdev_receive_bytes_total\"")
                    && l.contains("\"enp0s31f6\"")
                    && l.contains("98765432101"))
        .anyMatch(l -> l.contains("\"device_status\"") && l.contains("1"));
  }

  @Test
  void badArgumentsNameTheFlag() {
    Run r = trigger("-i", "eth(");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip())
        .isEqualTo(
            "sentinel: -i/--include: \"eth(\" is not a valid regular expression (Unclosed group)");
    Run interval = trigger("--rates", "--interval", "0");
    assertThat(interval.code()).isEqualTo(Main.USAGE);
    assertThat(interval.err().strip())
        .isEqualTo("sentinel: --interval: must be more than 0 and at most 10m");
  }

  @Test
  void aMissingProcFailsWithTheReason() {
    Run r = trigger("--proc", "/nonexistent-sentinel");
    assertThat(r.code()).isEqualTo(Main.TARGET_FAILED);
    assertThat(r.out()).contains("FAILED: cannot read /nonexistent-sentinel/net/dev: no such file");
  }
}
