package dev.sentinel.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.model.Sample;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A real kill -9 of a child JVM in the middle of appending and acknowledging. */
class DiskBufferCrashTest extends SpoolTestSupport {

  @Test
  void everyAppendThatReturnedSurvivesAKillAndOnlyUnacknowledgedSamplesComeAgain()
      throws Exception {
    String cp =
        String.join(
            File.pathSeparator,
            location(SpoolCrashMain.class),
            location(DiskBuffer.class),
            location(LoggerFactory.class));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-Xmx128m",
                "-cp",
                cp,
                SpoolCrashMain.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long appended = 0;
    long acked = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line = "";
      while (appended < 200_000
          && System.nanoTime() < deadline
          && (line = out.readLine()) != null) {
        String[] parts = line.split(" ");
        appended = Long.parseLong(parts[0]);
        acked = Long.parseLong(parts[1]);
      }
      // SIGKILL: no shutdown hooks, no close. Through the handle: Process.destroyForcibly() would
      // also close our end of the pipe, and we still want what the child printed before it died.
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // what the child printed before it died, still in the pipe: the last step it completed
      while ((line = out.readLine()) != null) {
        String[] parts = line.split(" ");
        if (parts.length == 2) { // the very last line may be cut short by the kill
          appended = Long.parseLong(parts[0]);
          acked = Long.parseLong(parts[1]);
        }
      }
    }
    assertThat(appended).as("the child made progress").isGreaterThan(10_000);

    DiskBuffer b = open();
    Buffer.Reader r = b.reader("r");
    List<Sample> rest = drain(r);
    // values are sequence numbers: r resumes where it acknowledged (the last ack printed, or one
    // step of 60 more if the kill came between ack and print), and every sample whose append
    // returned is there (plus perhaps one batch whose append returned unprinted)
    assertThat(rest).isNotEmpty();
    double first = rest.get(0).value();
    assertThat(first).isGreaterThanOrEqualTo(acked).isLessThanOrEqualTo(acked + 60);
    for (int i = 0; i < rest.size(); i++) {
      assertThat(rest.get(i).value()).isEqualTo(first + i);
    }
    assertThat(first + rest.size()).isBetween((double) appended, appended + 100.0);
    // Each append is one write, but a kill can land inside it: then the record whose append never
    // returned is cut off (reported once), and nothing that was promised is missing.
    assertThat(corruptions).hasSizeLessThanOrEqualTo(1);
    assertThat(drops).isEmpty();
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
