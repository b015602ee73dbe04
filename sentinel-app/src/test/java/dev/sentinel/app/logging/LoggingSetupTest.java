package dev.sentinel.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import dev.sentinel.core.config.LoggingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation follows lumberjack: by size, at most max_backups gzip files, none older than max_age.
 */
class LoggingSetupTest {
  private static final String PADDING = "x".repeat(200);
  private final Logger log = LoggerFactory.getLogger("rotation-test");
  @TempDir Path dir;

  @AfterEach
  void restoreDefaultLogging() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new DefaultConfigurator().configure(context);
  }

  private Path file() {
    return dir.resolve("sentinel.log");
  }

  private Path rotated(int n) {
    return dir.resolve("sentinel.log." + n + ".gz");
  }

  private void apply(int maxBackups, Duration maxAge) {
    LoggingSetup.apply(
        new LoggingConfig("info", "text", "file", file().toString(), 2048, maxBackups, maxAge));
  }

  /** Logs past max_size; logback looks at the size at most once a second, so callers poll. */
  private void logSome() {
    for (int i = 0; i < 20; i++) {
      log.info("line {} {}", i, PADDING);
    }
  }

  @Test
  void keepsExactlyMaxBackupsRotatedFiles() {
    apply(2, Duration.ofDays(30));
    log.info("the very first line");
    // Three rotations move the first line out of the live file, to .1.gz, to .2.gz, and out of the
    // window.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              logSome();
              return Files.exists(rotated(2))
                  && Stream.of(file(), rotated(1), rotated(2))
                      .noneMatch(f -> text(f).contains("the very first line"));
            });
    logSome();
    assertThat(files()).containsExactly("sentinel.log", "sentinel.log.1.gz", "sentinel.log.2.gz");
    assertThat(text(rotated(1))).contains("line 19 " + PADDING);
  }

  @Test
  void deletesRotatedFilesOlderThanMaxAgeAtStartAndAfterEachRotation() throws IOException {
    Files.createDirectories(dir);
    Instant old = Instant.now().minus(Duration.ofHours(3));
    for (int n : new int[] {1, 2, 3}) {
      Files.write(rotated(n), gzip("rotated " + n));
    }
    Files.setLastModifiedTime(rotated(2), FileTime.from(old));
    Files.setLastModifiedTime(rotated(3), FileTime.from(old));

    apply(5, Duration.ofHours(2));
    assertThat(files()).containsExactly("sentinel.log", "sentinel.log.1.gz");

    // At the next rotation .1.gz, now too old, moves to .2.gz and goes; the fresh .1.gz stays.
    Files.setLastModifiedTime(rotated(1), FileTime.from(old));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              logSome();
              return Files.getLastModifiedTime(rotated(1))
                  .toInstant()
                  .isAfter(old.plus(Duration.ofHours(1)));
            });
    assertThat(files()).containsExactly("sentinel.log", "sentinel.log.1.gz");
    assertThat(text(rotated(1))).contains("line 0 " + PADDING);
  }

  private List<String> files() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Path f) {
    try (InputStream in =
        f.toString().endsWith(".gz")
            ? new GZIPInputStream(Files.newInputStream(f))
            : Files.newInputStream(f)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // not there (yet)
    }
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
