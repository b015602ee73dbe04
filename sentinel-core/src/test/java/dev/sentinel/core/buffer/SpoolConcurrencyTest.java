package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Appends from one thread while two senders read on their own threads, under a size limit that
 * drops.
 */
class SpoolConcurrencyTest extends SpoolTestSupport {

  @Test
  void readersOnTheirOwnThreadsSeeEverySampleOnceInOrderOrCountItDropped() throws Exception {
    DiskBuffer b = open(256 << 10, null, 32 << 10);
    List<Buffer.Reader> readers = List.of(b.reader("a"), b.reader("b"));
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<List<Sample>>> results = new ArrayList<>();
    for (int k = 0; k < readers.size(); k++) {
      Buffer.Reader r = readers.get(k);
      int max = k == 0 ? 500 : 97; // b reads slowly and in odd sizes
      results.add(
          pool.submit(
              () -> {
                List<Sample> got = new ArrayList<>();
                while (true) {
                  boolean finished = done.get();
                  List<Sample> s = r.peek(max);
                  if (s.isEmpty() && finished) {
                    return got;
                  }
                  got.addAll(s);
                  if (max == 97) {
                    Thread.sleep(
                        1); // a slow destination: falls behind until the size limit drops for it
                  }
                  r.ack(s.size());
                }
              }));
    }
    int total = 100_000;
    for (int i = 0; i < total; i += 200) {
      b.append(samples(i, i + 200));
    }
    done.set(true);
    for (int k = 0; k < readers.size(); k++) {
      List<Sample> got = results.get(k).get(60, TimeUnit.SECONDS);
      Buffer.Reader r = readers.get(k);
      List<Double> v = values(got);
      assertThat(v).isSorted().doesNotHaveDuplicates();
      // nothing vanishes uncounted; a sample in flight (peeked, not yet acknowledged) when the size
      // limit dropped it is delivered and also counted, as in MemoryBuffer
      assertThat(got.size() + r.dropped()).isGreaterThanOrEqualTo(total);
      assertThat(r.dropped()).isLessThan(total);
      assertThat(v.get(v.size() - 1)).isEqualTo(total - 1.0);
    }
    assertThat(readers.get(1).dropped()).isPositive();
    assertThat(drops.keySet())
        .contains("b/max_disk_size")
        .isSubsetOf("a/max_disk_size", "b/max_disk_size");
    pool.shutdown();
  }
}
