package dev.sentinel.plugins.netdev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetDevFileTest {
  private static final String H1 =
      "Inter-|   Receive                                                |  Transmit";
  private static final String H2 =
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop"
          + " fifo colls carrier compressed";

  @Test
  void readsTheColumnsTheHeaderNames() {
    NetDevFile.Parsed p =
        NetDevFile.parse(
            "dev",
            List.of(
                H1,
                H2,
                "  eth0: 161621840    6333    1    2    3     4          5         6   920343   "
                    + " 5304    7    8    9    10      11         12"));
    assertThat(p.columns()).isEqualTo(NetDevFile.STANDARD);
    assertThat(p.problems()).isEmpty();
    assertThat(p.interfaces())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.name()).isEqualTo("eth0");
              assertThat(i.values())
                  .containsExactly(
                      161621840, 6333, 1, 2, 3, 4, 5, 6, 920343, 5304, 7, 8, 9, 10, 11, 12);
            });
  }

  @Test
  void aLongNameOrABigCounterMayTouchTheColon() {
    NetDevFile.Parsed p =
        NetDevFile.parse(
            "dev",
            List.of(
                H1,
                H2,
                "enp0s31f6:98765432101 87654321 0 0 0 0 0 0 1 2 0 0 0 0 0 0",
                "veth1a2b3c4d5e6:1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0"));
    assertThat(p.interfaces())
        .extracting(NetDevFile.Interface::name)
        .containsExactly("enp0s31f6", "veth1a2b3c4d5e6");
    assertThat(p.interfaces().get(0).values()[0]).isEqualTo(98765432101L);
  }

  @Test
  void countersAreUnsigned64Bit() {
    NetDevFile.Parsed p =
        NetDevFile.parse(
            "dev",
            List.of(
                H1,
                H2,
                "eth0: 18446744073709551615 1 0 0 0 0 0 0 9223372036854775808 1 0 0 0 0 0 0"));
    long[] v = p.interfaces().get(0).values();
    assertThat(Long.toUnsignedString(v[0])).isEqualTo("18446744073709551615");
    assertThat(new Reading("x", "eth0", v[8], true).value()).isEqualTo(9.223372036854775808E18);
    assertThat(new Reading("x", "eth0", v[0], true).value()).isEqualTo(1.8446744073709552E19);
  }

  @Test
  void aHeaderWithAnotherColumnIsFollowed() {
    NetDevFile.Parsed p =
        NetDevFile.parse(
            "dev",
            List.of(
                "Inter-|   Receive |  Transmit",
                " face |bytes packets nohandler|bytes packets",
                "eth0: 1 2 3 4 5"));
    assertThat(p.columns())
        .containsExactly(
            "receive_bytes",
            "receive_packets",
            "receive_nohandler",
            "transmit_bytes",
            "transmit_packets");
    assertThat(p.interfaces().get(0).values()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void withoutAHeaderTheKernelLayoutIsAssumed() {
    NetDevFile.Parsed p = NetDevFile.parse("dev", List.of("eth0: 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0"));
    assertThat(p.columns()).isEqualTo(NetDevFile.STANDARD);
    assertThat(p.interfaces()).hasSize(1);
  }

  @Test
  void badLinesAreSkippedAndReportedWithTheirLineNumbers() {
    NetDevFile.Parsed p =
        NetDevFile.parse(
            "dev",
            List.of(
                H1,
                H2,
                "eth0: 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0",
                "eth1: 1 2 3",
                "no colon here",
                "eth2: 1 x 0 0 0 0 0 0 3 4 0 0 0 0 0 0",
                "eth3: 1 -5 0 0 0 0 0 0 3 4 0 0 0 0 0 0",
                ": 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0",
                "",
                "eth4: 9 9 0 0 0 0 0 0 9 9 0 0 0 0 0 0"));
    assertThat(p.interfaces())
        .extracting(NetDevFile.Interface::name)
        .containsExactly("eth0", "eth4");
    assertThat(p.problems())
        .extracting(ParseProblem::toString)
        .containsExactly(
            "dev line 4: eth1: 3 values where the header names 16",
            "dev line 5: no \"interface:\" prefix",
            "dev line 6: eth2: \"x\" is not a counter",
            "dev line 7: eth3: \"-5\" is not a counter",
            "dev line 8: no \"interface:\" prefix");
  }
}
