package dev.sentinel.plugins.netdev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetdevOptionsTest {
  private static List<String> errors(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    Section s = Section.of("tasks[2].config", options, problems);
    NetdevOptions.parse(s);
    s.finish();
    return problems.errors();
  }

  private static NetdevOptions parse(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    NetdevOptions o = NetdevOptions.parse(Section.of("tasks[2].config", options, problems));
    assertThat(problems.errors()).isEmpty();
    return o;
  }

  @Test
  void badOptionsNameTheirKey() {
    assertThat(errors(Map.of("interfaces_include", "eth(")))
        .containsExactly(
            "test.yaml: tasks[2].config.interfaces_include: \"eth(\" is not a valid regular"
                + " expression (Unclosed group)");
    assertThat(errors(Map.of("proc_path", "proc")))
        .containsExactly("test.yaml: tasks[2].config.proc_path: \"proc\" must be an absolute path");
    assertThat(errors(Map.of("rates", "often")))
        .containsExactly("test.yaml: tasks[2].config.rates: \"often\" is not true or false");
    assertThat(errors(Map.of("interface", "eth0")))
        .singleElement()
        .asString()
        .startsWith("test.yaml: tasks[2].config.interface: unknown key");
  }

  @Test
  void loopbackIsLeftOutUntilTheUserChoosesInterfaces() {
    NetdevOptions defaults = parse(Map.of());
    assertThat(defaults.wants("lo")).isFalse();
    assertThat(defaults.wants("eth0")).isTrue();
    assertThat(defaults.wants("wlo1")).as("whole-name match").isTrue();
    NetdevOptions include = parse(Map.of("interfaces_include", "lo|eth0"));
    assertThat(include.wants("lo")).isTrue();
    assertThat(include.wants("eth0")).isTrue();
    assertThat(include.wants("eth1")).isFalse();
    NetdevOptions exclude = parse(Map.of("interfaces_exclude", "veth.*|docker0"));
    assertThat(exclude.wants("lo")).isTrue();
    assertThat(exclude.wants("veth12ab")).isFalse();
    NetdevOptions both = parse(Map.of("interfaces_include", "e.*", "interfaces_exclude", "eth9"));
    assertThat(both.wants("eth0")).isTrue();
    assertThat(both.wants("eth9")).isFalse();
  }

  @Test
  void defaultFieldsAreNodeExportersSet() {
    NetdevOptions o = parse(Map.of());
    assertThat(
            List.of(
                "Tcp_RetransSegs",
                "Tcp_OutRsts",
                "Tcp_ActiveOpens",
                "Tcp_PassiveOpens",
                "Udp_InErrors",
                "Udp_RcvbufErrors",
                "Icmp_InMsgs",
                "Icmp6_OutMsgs",
                "TcpExt_ListenDrops",
                "TcpExt_ListenOverflows",
                "Ip6_InOctets",
                "IpExt_OutOctets",
                "Tcp_CurrEstab"))
        .allMatch(o::wantsField);
    assertThat(List.of("Tcp_MaxConn", "TcpExt_DelayedACKs", "IcmpMsg_InType3", "Ip_InReceives"))
        .noneMatch(o::wantsField);
  }
}
