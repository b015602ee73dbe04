package dev.sentinel.app.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs {@code bin/sentinel} — the command users run — as a child process. */
final class SentinelProcess implements AutoCloseable {
  static final Path HOME =
      Path.of(System.getProperty("sentinel.home", "..")).toAbsolutePath().normalize();

  private final Process process;
  private final Path output;

  private SentinelProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /**
   * Sends {@code signal} (e.g. {@code HUP}) to the Sentinel JVM this process runs, however deep
   * behind wrappers (unshare, setpriv, the launcher) it is.
   */
  void signalJava(String signal) throws IOException, InterruptedException {
    ProcessHandle jvm =
        Stream.concat(Stream.of(process.toHandle()), process.descendants())
            .filter(
                p ->
                    p.info()
                            .commandLine()
                            .map(c -> c.contains("dev.sentinel.app.cli.Main"))
                            .orElse(false)
                        && p.info().command().map(c -> c.endsWith("/java")).orElse(false))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Sentinel JVM under " + process.pid()));
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid())).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " " + jvm.pid() + " failed");
    }
  }

  static SentinelProcess start(Path workDir, String... args) throws IOException {
    return start(workDir, Launch.PLAIN, args);
  }

  /**
   * How to launch: {@code wrapper} runs before {@code bin/sentinel} (e.g. {@code setpriv …} to take
   * a capability away), {@code env} adds environment variables.
   */
  record Launch(List<String> wrapper, Map<String, String> env) {
    static final Launch PLAIN = new Launch(List.of(), Map.of());

    /**
     * As root but without CAP_NET_RAW, not even for the programs it starts: what a locked-down
     * container gives.
     */
    static final Launch WITHOUT_CAP_NET_RAW =
        new Launch(List.of("setpriv", "--bounding-set=-net_raw", "--inh-caps=-all"), Map.of());
  }

  static SentinelProcess start(Path workDir, Launch launch, String... args) throws IOException {
    List<String> command = new ArrayList<>(launch.wrapper());
    command.add(HOME.resolve("bin/sentinel").toString());
    command.addAll(List.of(args));
    Path output = workDir.resolve("process-output.txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    pb.environment().put("SENTINEL_NO_BUILD", "1"); // never start a nested Maven build from a test
    pb.environment().putAll(launch.env());
    return new SentinelProcess(pb.start(), output);
  }

  /**
   * Starts {@code pb} — a command that ends in running Sentinel some other way (an installed one, a
   * service's sandbox) — with its stdout and stderr in {@code output}.
   */
  static SentinelProcess start(ProcessBuilder pb, Path output) throws IOException {
    pb.redirectErrorStream(true).redirectOutput(output.toFile());
    return new SentinelProcess(pb.start(), output);
  }

  /**
   * A copy of the launcher's libraries under {@code dir} that any user can read (the checkout may
   * not be), for running Sentinel as another user; {@code dir} itself is opened up too.
   */
  static Path librariesForAnyUser(Path dir) throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    try (Stream<Path> jars = Files.list(HOME.resolve("sentinel-app/target/lib"))) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, lib.resolve(jar.getFileName()));
      }
    }
    for (Path p : List.of(dir, lib)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return lib;
  }

  /** Runs to completion and returns the exit code; output via {@link #output()}. */
  static Result run(Path workDir, String... args) throws Exception {
    return run(workDir, Launch.PLAIN, args);
  }

  static Result run(Path workDir, Launch launch, String... args) throws Exception {
    try (SentinelProcess p = start(workDir, launch, args)) {
      if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("sentinel " + String.join(" ", args) + " did not finish in 60s");
      }
      return new Result(p.process.exitValue(), p.output());
    }
  }

  record Result(int exitCode, String output) {}

  Process process() {
    return process;
  }

  String output() throws IOException {
    return Files.exists(output) ? Files.readString(output) : "";
  }

  /** Sends SIGTERM and waits for the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("sentinel did not exit within 30s of SIGTERM");
    }
    return process.exitValue();
  }

  /** kill -9: no shutdown, no final flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
