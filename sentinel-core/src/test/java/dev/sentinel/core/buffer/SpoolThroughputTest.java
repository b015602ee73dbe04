package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints append and peek+ack rates for 1000-sample batches of probe-like samples. It asserts only
 * correctness, not speed: timings on a shared build box are not a test.
 */
class SpoolThroughputTest extends SpoolTestSupport {

  @Test
  void printsThroughput() throws Exception {
    int batches = 500;
    List<List<Sample>> data = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<Sample> batch = new ArrayList<>(1000);
      for (int i = 0; i < 1000; i++) {
        Labels labels =
            Labels.of(
                "job",
                "ping",
                "instance",
                "probe-1",
                "target",
                "10.0." + (i / 250) + "." + (i % 250));
        batch.add(
            Sample.gauge("probe_rtt_seconds", labels, (b * 1000 + i) * 1e-6, NOW + b * 1000L));
      }
      data.add(batch);
    }
    DiskBuffer buffer = open(0, null, DiskBuffer.DEFAULT_SEGMENT_BYTES);
    Buffer.Reader reader = buffer.reader("r");
    long t0 = System.nanoTime();
    for (List<Sample> batch : data) {
      buffer.append(batch);
    }
    long t1 = System.nanoTime();
    long bytes = buffer.diskBytes();
    long read = 0;
    for (List<Sample> s = reader.peek(1000); !s.isEmpty(); s = reader.peek(1000)) {
      read += s.size();
      reader.ack(s.size());
    }
    long t2 = System.nanoTime();
    long n = batches * 1000L;
    System.out.printf(
        "spool throughput: append %.0f samples/s, peek+ack %.0f samples/s (%d samples, %.1f"
            + " bytes/sample)%n",
        n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), n, (double) bytes / n);
    assertThat(read).isEqualTo(n);
  }
}
