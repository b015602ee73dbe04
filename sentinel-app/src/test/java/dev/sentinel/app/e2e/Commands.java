package dev.sentinel.app.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system's own tools (dpkg, tar, getent, systemd-analyze…) and returns what they said. */
final class Commands {
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private Commands() {}

  /** Exit code and the merged stdout and stderr. */
  record Result(int exitCode, String output) {}

  static Result run(String... command) throws IOException, InterruptedException {
    return run(List.of(command));
  }

  static Result run(List<String> command) throws IOException, InterruptedException {
    return run(new ProcessBuilder(command));
  }

  /** Runs {@code pb} with stdin from /dev/null (dpkg must never wait for an answer). */
  static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
    Path out = Files.createTempFile("sentinel-command-", ".txt");
    try {
      Process p =
          pb.redirectInput(new File("/dev/null"))
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", pb.command()) + " did not finish in " + DEADLINE.toSeconds() + "s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Output of a command that must succeed; the failure names the command. */
  static String ok(String... command) throws IOException, InterruptedException {
    return ok(List.of(command));
  }

  static String ok(List<String> command) throws IOException, InterruptedException {
    Result r = run(command);
    if (r.exitCode() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
    }
    return r.output();
  }
}
