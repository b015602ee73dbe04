package dev.sentinel.plugins.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sentinel.plugins.ping.echo.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fixtures are iputils 20221126 output of {@code ping -n -O ...} (documentation addresses). */
class IputilsParserTest {
  static final String ALL_REPLIES =
      """
      PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
      64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms
      64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.060 ms
      64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.030 ms

      --- 127.0.0.1 ping statistics ---
      3 packets transmitted, 3 received, 0% packet loss, time 2003ms
      rtt min/avg/max/mdev = 0.030/0.045/0.060/0.012 ms
      """;

  static final String PARTIAL_LOSS =
      """
      PING 192.0.2.10 (192.0.2.10) 56(84) bytes of data.
      64 bytes from 192.0.2.10: icmp_seq=1 ttl=57 time=12.3 ms
      no answer yet for icmp_seq=2
      64 bytes from 192.0.2.10: icmp_seq=3 ttl=57 time=14.1 ms

      --- 192.0.2.10 ping statistics ---
      3 packets transmitted, 2 received, 33.3333% packet loss, time 2004ms
      rtt min/avg/max/mdev = 12.300/13.200/14.100/0.900 ms
      """;

  static final String ALL_LOST =
      """
      PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.
      no answer yet for icmp_seq=1
      no answer yet for icmp_seq=2

      --- 192.0.2.1 ping statistics ---
      3 packets transmitted, 0 received, 100% packet loss, time 2055ms

      """;

  static final String HOST_UNREACHABLE =
      """
      PING 192.0.2.99 (192.0.2.99) 56(84) bytes of data.
      From 192.0.2.5 icmp_seq=1 Destination Host Unreachable
      From 192.0.2.5 icmp_seq=2 Destination Host Unreachable
      From 192.0.2.5 icmp_seq=3 Destination Host Unreachable

      --- 192.0.2.99 ping statistics ---
      3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2041ms
      pipe 3
      """;

  static final String DUPLICATES =
      """
      PING 192.0.2.7 (192.0.2.7) 56(84) bytes of data.
      64 bytes from 192.0.2.7: icmp_seq=1 ttl=64 time=0.512 ms
      64 bytes from 192.0.2.7: icmp_seq=1 ttl=64 time=0.621 ms (DUP!)
      64 bytes from 192.0.2.7: icmp_seq=2 ttl=64 time=0.498 ms

      --- 192.0.2.7 ping statistics ---
      2 packets transmitted, 2 received, +1 duplicates, 0% packet loss, time 1001ms
      rtt min/avg/max/mdev = 0.498/0.543/0.621/0.055 ms
      """;

  static final String KILLED =
      """
      PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
      64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.041 ms
      no answer yet for icmp_seq=2
      64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.050 ms
      """;

  static final String HOSTNAME =
      """
      PING localhost (127.0.0.1) 56(84) bytes of data.
      64 bytes from localhost (127.0.0.1): icmp_seq=1 ttl=64 time=0.019 ms

      --- localhost ping statistics ---
      1 packets transmitted, 1 received, 0% packet loss, time 0ms
      rtt min/avg/max/mdev = 0.019/0.019/0.019/0.000 ms
      """;

  static final String IPV6 =
      """
      PING ::1(::1) 56 data bytes
      64 bytes from ::1: icmp_seq=1 ttl=64 time=0.252 ms
      64 bytes from ::1: icmp_seq=2 ttl=64 time=0.040 ms

      --- ::1 ping statistics ---
      2 packets transmitted, 2 received, 0% packet loss, time 1001ms
      rtt min/avg/max/mdev = 0.040/0.146/0.252/0.106 ms
      """;

  /** Records listener events as text. */
  static final class Events implements ReplyListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void resolved(String host, String address) {
      events.add("resolved " + host + " " + address);
    }

    @Override
    public void reply(Reply r) {
      events.add("reply " + r.seq() + " " + r.timeMs() + (r.duplicate() ? " dup" : ""));
    }

    @Override
    public void noReply(int seq) {
      events.add("noReply " + seq);
    }

    @Override
    public void notice(String text) {
      events.add("notice " + text);
    }
  }

  @Test
  void allReplies() {
    Events events = new Events();
    PingOutcome o = IputilsParser.parse("127.0.0.1", ALL_REPLIES, events);
    assertThat(o)
        .isEqualTo(
            new PingOutcome(
                "127.0.0.1",
                "127.0.0.1",
                3,
                3,
                0,
                0.0,
                new PingOutcome.Rtt(0.030, 0.045, 0.060),
                ""));
    assertThat(events.events)
        .containsExactly(
            "resolved 127.0.0.1 127.0.0.1", "reply 1 0.045", "reply 2 0.06", "reply 3 0.03");
  }

  @Test
  void partialLossKeepsTheFraction() {
    Events events = new Events();
    PingOutcome o = IputilsParser.parse("192.0.2.10", PARTIAL_LOSS, events);
    assertThat(o.transmitted()).isEqualTo(3);
    assertThat(o.received()).isEqualTo(2);
    assertThat(o.lossPercent()).isEqualTo(33.3333); // not 3333
    assertThat(o.rtt()).isEqualTo(new PingOutcome.Rtt(12.3, 13.2, 14.1));
    assertThat(o.hasError()).isFalse();
    assertThat(events.events)
        .containsExactly(
            "resolved 192.0.2.10 192.0.2.10", "reply 1 12.3", "noReply 2", "reply 3 14.1");
  }

  @Test
  void allLost() {
    Events events = new Events();
    PingOutcome o = IputilsParser.parse("192.0.2.1", ALL_LOST, events);
    assertThat(o).isEqualTo(new PingOutcome("192.0.2.1", "192.0.2.1", 3, 0, 0, 100.0, null, ""));
    // -O never reports the last echo; the session does at the end.
    assertThat(events.events)
        .containsExactly("resolved 192.0.2.1 192.0.2.1", "noReply 1", "noReply 2", "noReply 3");
  }

  @Test
  void icmpErrorsAreNoticesAndLoss() {
    Events events = new Events();
    PingOutcome o = IputilsParser.parse("192.0.2.99", HOST_UNREACHABLE, events);
    assertThat(o.transmitted()).isEqualTo(3);
    assertThat(o.received()).isZero();
    assertThat(o.lossPercent()).isEqualTo(100.0);
    assertThat(o.rtt()).isNull();
    assertThat(events.events)
        .contains("notice From 192.0.2.5 icmp_seq=1 Destination Host Unreachable")
        .contains("noReply 3");
  }

  @Test
  void duplicatesAreCountedSeparately() {
    Events events = new Events();
    PingOutcome o = IputilsParser.parse("192.0.2.7", DUPLICATES, events);
    assertThat(o.transmitted()).isEqualTo(2);
    assertThat(o.received()).isEqualTo(2);
    assertThat(o.duplicates()).isEqualTo(1);
    assertThat(o.lossPercent()).isZero();
    assertThat(o.rtt()).isEqualTo(new PingOutcome.Rtt(0.498, 0.543, 0.621));
    assertThat(events.events).contains("reply 1 0.621 dup");
  }

  @Test
  void missingSummaryIsComputedFromReplies() {
    Events events = new Events();
    PingOutcome o = IputilsParser.parse("127.0.0.1", KILLED, events);
    assertThat(o.transmitted()).isEqualTo(3);
    assertThat(o.received()).isEqualTo(2);
    assertThat(o.lossPercent()).isCloseTo(33.3333, within(0.001));
    assertThat(o.rtt().min()).isEqualTo(0.041);
    assertThat(o.rtt().max()).isEqualTo(0.050);
    assertThat(o.rtt().avg()).isCloseTo(0.0455, within(1e-9));
    assertThat(o.hasError()).isFalse();
  }

  @Test
  void missingSummaryWithOnlyDuplicatesDoesNotOvercount() {
    String out =
        """
        PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
        64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.041 ms
        64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.052 ms (DUP!)
        """;
    PingOutcome o = IputilsParser.parse("127.0.0.1", out);
    assertThat(o.transmitted()).isEqualTo(1);
    assertThat(o.received()).isEqualTo(1);
    assertThat(o.duplicates()).isEqualTo(1);
    assertThat(o.lossPercent()).isZero();
    assertThat(o.rtt()).isEqualTo(new PingOutcome.Rtt(0.041, 0.041, 0.041));
  }

  @Test
  void killedBeforeAnyOutput() {
    IputilsParser.Session s = new IputilsParser.Session("127.0.0.1", ReplyListener.NONE);
    PingOutcome o = s.finish("ping did not finish within 3s");
    assertThat(o).isEqualTo(PingOutcome.failed("127.0.0.1", "ping did not finish within 3s"));
  }

  @Test
  void hostnameForm() {
    List<Reply> replies = new ArrayList<>();
    PingOutcome o =
        IputilsParser.parse(
            "localhost",
            HOSTNAME,
            new ReplyListener() {
              @Override
              public void reply(Reply reply) {
                replies.add(reply);
              }
            });
    assertThat(o.address()).isEqualTo("127.0.0.1");
    assertThat(o.received()).isEqualTo(1);
    assertThat(replies)
        .containsExactly(new Reply(64, "localhost (127.0.0.1)", 1, 64, 0.019, false));
  }

  @Test
  void ipv6Form() {
    Events events = new Events();
    PingOutcome o = IputilsParser.parse("::1", IPV6, events);
    assertThat(o.address()).isEqualTo("::1");
    assertThat(o.transmitted()).isEqualTo(2);
    assertThat(o.received()).isEqualTo(2);
    assertThat(o.rtt()).isEqualTo(new PingOutcome.Rtt(0.040, 0.146, 0.252));
    assertThat(events.events).containsExactly("resolved ::1 ::1", "reply 1 0.252", "reply 2 0.04");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "64 bytes from 192.0.2.9: icmp_seq=1 ttl=50 time=123 ms|64|192.0.2.9|1|50|123.0|false",
        "64 bytes from 192.0.2.9: icmp_seq=7 ttl=50 time=12.3 ms|64|192.0.2.9|7|50|12.3|false",
        "64 bytes from ip6-localhost (::1): icmp_seq=2 ttl=64 time=0.030 ms|64|ip6-localhost"
            + " (::1)|2|64|0.03|false",
        "64 bytes from 2001:db8::1: icmp_seq=3 ttl=58 time=1.23 ms"
            + " (DUP!)|64|2001:db8::1|3|58|1.23|true",
        "12 bytes from 127.0.0.1: icmp_seq=1 ttl=64|12|127.0.0.1|1|64|-1|false",
      })
  void replyLines(String line, int bytes, String from, int seq, int ttl, double time, boolean dup) {
    List<Reply> replies = new ArrayList<>();
    IputilsParser.Session s =
        new IputilsParser.Session(
            "x",
            new ReplyListener() {
              @Override
              public void reply(Reply reply) {
                replies.add(reply);
              }
            });
    s.accept(line);
    assertThat(replies).containsExactly(new Reply(bytes, from, seq, ttl, time, dup));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "nosuch.invalid|ping: nosuch.invalid: Name or service not known|unknown host nosuch.invalid"
            + " (Name or service not known)",
        "x|ping: unknown host x|unknown host x",
        "edge.lan|ping: edge.lan: Temporary failure in name resolution|unknown host edge.lan"
            + " (Temporary failure in name resolution)",
        "localhost|ping: localhost: Address family for hostname not supported|unknown host"
            + " localhost (Address family for hostname not supported)",
        "gw|ping: gw: Some future resolver message|unknown host gw (Some future resolver message)",
        "gw|ping: bad address 'gw'|unknown host gw",
      })
  void unknownHost(String host, String output, String error) {
    PingOutcome o = IputilsParser.parse(host, output + "\n");
    assertThat(o).isEqualTo(PingOutcome.failed(host, error));
  }

  @Test
  void otherPingErrorsAreReported() {
    PingOutcome o = IputilsParser.parse("::1", "ping: connect: Network is unreachable\n");
    assertThat(o.error()).isEqualTo("ping: connect: Network is unreachable");
    assertThat(o.received()).isZero();
    assertThat(o.lossPercent()).isEqualTo(100.0);
  }

  @Test
  void garbageIsNotAResult() {
    PingOutcome o = IputilsParser.parse("127.0.0.1", "Usage\n  ping [options] <destination>\n");
    assertThat(o.hasError()).isTrue();
    assertThat(o.received()).isZero();
    assertThat(o.rtt()).isNull();
  }

  @ParameterizedTest
  @CsvSource({"0,0", "100,100", "33.33333333,33.3333", "66.66666667,66.6667", "25,25", "12.5,12.5"})
  void percentLikePing(double value, String text) {
    assertThat(IputilsParser.formatPercent(value)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"0.045,0.045", "1.234,1.23", "12.34,12.3", "123.4,123", "0.03,0.030"})
  void timeLikePing(double value, String text) {
    assertThat(IputilsParser.formatTime(value)).isEqualTo(text);
  }
}
