package dev.sentinel.plugins.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.plugins.pcap.TalkerTable.Talker;
import java.util.List;
import org.junit.jupiter.api.Test;

class TalkerTableTest {
  static void add(TalkerTable t, String ip, boolean in, long bytes) {
    byte[] a = Frames.addr(ip);
    t.add(a, a.length == 4 ? 4 : 6, 0, in, bytes);
  }

  @Test
  void theNLargestByBytesInAndOutThenOtherWithTheRest() {
    TalkerTable t = new TalkerTable();
    add(t, "192.0.2.1", true, 100);
    add(t, "192.0.2.1", false, 50);
    add(t, "2001:db8::1", true, 1000);
    add(t, "198.51.100.9", false, 20);
    add(t, "203.0.113.5", true, 10);
    assertThat(t.top(2))
        .containsExactly(
            new Talker("2001:db8::1", 1000, 0),
            new Talker("192.0.2.1", 100, 50),
            new Talker("other", 10, 20));
    assertThat(t.top(10)).hasSize(5).last().isEqualTo(new Talker("other", 0, 0));
  }

  @Test
  void tiesAreOrderedByAddressAndAddressesAreWrittenAsRfc5952() {
    TalkerTable t = new TalkerTable();
    add(t, "2001:0db8:0000:0000:0000:0000:0000:0009", true, 5);
    add(t, "10.0.0.1", true, 5);
    add(t, "::ffff:192.0.2.1", true, 1); // an IPv4-mapped address is the IPv4 address
    assertThat(t.top(3))
        .extracting(Talker::remote)
        .containsExactly("10.0.0.1", "2001:db8::9", "192.0.2.1", "other");
  }

  @Test
  void atMostMaxTrackedAddressesPerIntervalTheRestGoesToOther() {
    TalkerTable t = new TalkerTable();
    int scanned = TalkerTable.MAX_TRACKED + 1000;
    for (int i = 0; i < scanned; i++) { // a scan from 10.0.0.0 upwards, 1 byte each
      t.add(0, 0xffff00000000L | (0x0a000000L + i), true, 1);
    }
    add(t, "10.0.0.1", true, 99); // tracked already: still counted to it
    assertThat(t.size()).isEqualTo(TalkerTable.MAX_TRACKED);
    List<Talker> top = t.top(3);
    assertThat(top.get(0)).isEqualTo(new Talker("10.0.0.1", 100, 0));
    assertThat(top.get(3)).isEqualTo(new Talker("other", scanned - 3, 0));
    assertThat(top.stream().mapToLong(Talker::bytes).sum())
        .as("no byte lost")
        .isEqualTo(scanned + 99);
  }

  @Test
  void clearEmptiesForTheNextInterval() {
    TalkerTable t = new TalkerTable();
    add(t, "192.0.2.1", true, 100);
    t.clear();
    add(t, "192.0.2.2", false, 7);
    assertThat(t.top(5)).containsExactly(new Talker("192.0.2.2", 0, 7), new Talker("other", 0, 0));
  }

  @Test
  void talkersHandOverOneIntervalPerTake() {
    Talkers talkers = new Talkers();
    byte[] a = Frames.addr("192.0.2.1");
    talkers.add(a, 4, 0, true, 10);
    TalkerTable first = talkers.take();
    talkers.add(a, 4, 0, true, 3);
    assertThat(first.top(1)).first().isEqualTo(new Talker("192.0.2.1", 10, 0));
    TalkerTable second = talkers.take();
    assertThat(second).isNotSameAs(first);
    assertThat(second.top(1)).first().isEqualTo(new Talker("192.0.2.1", 3, 0));
    assertThat(talkers.take().size()).as("nothing since").isZero();
  }
}
