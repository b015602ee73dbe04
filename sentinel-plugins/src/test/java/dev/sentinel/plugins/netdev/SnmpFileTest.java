package dev.sentinel.plugins.netdev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnmpFileTest {
  @Test
  void pairsAreReadByNameWhateverTheOrder() {
    SnmpFile.Parsed older =
        SnmpFile.parsePairs(
            "snmp",
            List.of("Tcp: RtoAlgorithm MaxConn ActiveOpens RetransSegs", "Tcp: 1 -1 30 66"));
    SnmpFile.Parsed newer =
        SnmpFile.parsePairs(
            "snmp",
            List.of(
                "Tcp: ActiveOpens RetransSegs NewField RtoAlgorithm MaxConn", "Tcp: 30 66 5 1 -1"));
    assertThat(older.values())
        .containsEntry("Tcp_ActiveOpens", 30L)
        .containsEntry("Tcp_RetransSegs", 66L)
        .containsEntry("Tcp_MaxConn", -1L);
    assertThat(newer.values())
        .containsAllEntriesOf(older.values())
        .containsEntry("Tcp_NewField", 5L);
    assertThat(newer.problems()).isEmpty();
  }

  @Test
  void dynamicIcmpMsgAndHugeUnsignedValues() {
    SnmpFile.Parsed p =
        SnmpFile.parsePairs(
            "netstat", List.of("IcmpMsg: InType3 OutType8", "IcmpMsg: 5 18446744073709551615"));
    assertThat(p.values())
        .containsExactly(entry("IcmpMsg_InType3", 5L), entry("IcmpMsg_OutType8", -1L));
  }

  @Test
  void brokenPairsAreSkippedAndReported() {
    SnmpFile.Parsed p =
        SnmpFile.parsePairs(
            "snmp",
            List.of(
                "Ip: Forwarding DefaultTTL",
                "Ip: 1 64",
                "Icmp: InMsgs InErrors",
                "Tcp: ActiveOpens PassiveOpens RetransSegs",
                "Tcp: 5 6",
                "Udp: InDatagrams NoPorts InErrors",
                "Udp: 10 abc 0",
                "stray"));
    assertThat(p.values())
        .containsExactly(
            entry("Ip_Forwarding", 1L),
            entry("Ip_DefaultTTL", 64L),
            entry("Udp_InDatagrams", 10L),
            entry("Udp_InErrors", 0L));
    assertThat(p.problems())
        .extracting(ParseProblem::toString)
        .containsExactly(
            "snmp line 3: Icmp: a names line without its values line",
            "snmp line 5: Tcp: 2 values for 3 names",
            "snmp line 7: Udp NoPorts: \"abc\" is not a number",
            "snmp line 8: no \"Proto:\" prefix");
  }

  @Test
  void snmp6SplitsTheNameAfterItsSix() {
    SnmpFile.Parsed p =
        SnmpFile.parseSnmp6(
            "snmp6",
            List.of(
                "Ip6InOctets                     \t6120",
                "Icmp6InMsgs 5",
                "UdpLite6InDatagrams 0",
                "garbage",
                "Udp6 7",
                "Tcp6X 1 2"));
    assertThat(p.values())
        .containsExactly(
            entry("Ip6_InOctets", 6120L),
            entry("Icmp6_InMsgs", 5L),
            entry("UdpLite6_InDatagrams", 0L));
    assertThat(p.problems()).extracting(ParseProblem::line).containsExactly(4, 5, 6);
  }
}
