package dev.sentinel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.FileError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file the command line cannot read is named with the reason, never with the path twice. */
class CliFileMessagesTest {
  @TempDir Path dir;

  @Test
  void aMissingConfigSaysSo() {
    Path missing = dir.resolve("nope.yaml");
    Cli r = Cli.run("check", "-c", missing.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip()).isEqualTo(missing + ": file not found");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aDirectoryAsConfigSaysItIsADirectory() {
    Cli r = Cli.run("check", "-c", dir.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip()).isEqualTo(dir + ": cannot read: Is a directory");
  }

  @Test
  void anUnreadableConfigSaysPermissionDenied() throws IOException {
    Path file = Files.writeString(dir.resolve("secret.yaml"), "sentinel: {name: x}\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(file)) {
      // Root reads it anyway (CI): the reason the loader would print is FileError's.
      assertThat(FileError.why(new AccessDeniedException(file.toString())))
          .isEqualTo("Permission denied");
    } else {
      Cli r = Cli.run("check", "-c", file.toString());
      assertThat(r.code()).isEqualTo(Main.USAGE);
      assertThat(r.err().strip()).isEqualTo(file + ": cannot read: Permission denied");
    }
  }

  @Test
  void aMissingHostFileNamesTheFlagAndTheReason() {
    Path missing = dir.resolve("hosts.txt");
    Cli r = Cli.run("trigger", "ping", "-f", missing.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip())
        .isEqualTo("sentinel: -f/--file: cannot read " + missing + ": No such file");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aDirectoryAsHostFileSaysItIsADirectory() {
    Cli r = Cli.run("trigger", "ping", "-f", dir.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip())
        .isEqualTo("sentinel: -f/--file: cannot read " + dir + ": Is a directory");
  }
}
