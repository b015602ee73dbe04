package dev.sentinel.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases any user meets; "Permission denied" as a non-root user is proven end to end in
 * sentinel-dist.
 */
class WritableTest {
  @Test
  void aFileThatCanBeCreatedOrAppendedToIsFine(@TempDir Path dir) throws Exception {
    assertThat(Writable.file(dir.resolve("logs/deeper/sentinel.log").toString())).isEmpty();
    Path existing = Files.writeString(dir.resolve("samples.jsonl"), "");
    assertThat(Writable.file(existing.toString())).isEmpty();
    assertThat(Writable.directory(dir.resolve("spool").toString())).isEmpty();
  }

  @Test
  void aDirectoryWhereAFileShouldBeAndTheOtherWayRoundAreNamed(@TempDir Path dir) throws Exception {
    Path sub = Files.createDirectory(dir.resolve("logs"));
    assertThat(Writable.file(sub.toString())).contains("cannot write " + sub + ": Is a directory");
    Path file = Files.writeString(dir.resolve("spool"), "");
    assertThat(Writable.directory(file.toString()))
        .contains("cannot write " + file + ": Not a directory");
    assertThat(Writable.file(file.resolve("x.log").toString()))
        .contains("cannot write " + file.resolve("x.log") + ": " + file + " is not a directory");
  }
}
