package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process for {@link DiskBufferCrashTest}: appends batches whose values are their sequence
 * numbers and acknowledges part of them, printing "appended acked" after each step, until killed.
 */
public final class SpoolCrashMain {
  private SpoolCrashMain() {}

  public static void main(String[] args) throws Exception {
    DiskBuffer buffer =
        DiskBuffer.open(Path.of(args[0]), 0, null, (d, r, n) -> {}, Clock.systemUTC());
    Buffer.Reader reader = buffer.reader("r");
    Labels labels = Labels.of("job", "crash", "instance", "child");
    long appended = 0;
    long acked = 0;
    while (true) {
      List<Sample> batch = new ArrayList<>(100);
      for (int i = 0; i < 100; i++) {
        batch.add(Sample.gauge("crash_test", labels, appended + i, appended + i));
      }
      buffer.append(batch);
      appended += 100;
      List<Sample> peeked = reader.peek(60);
      reader.ack(peeked.size());
      acked += peeked.size();
      System.out.println(appended + " " + acked);
      System.out.flush();
    }
  }
}
