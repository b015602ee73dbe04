package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.core.SentinelVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball that {@code mvn package} built: one directory, {@code sentinel-<version>/}, that runs
 * from wherever it is unpacked, with Java and no Maven.
 */
class TarballIT {
  static final String TOP = "sentinel-" + SentinelVersion.get();

  static Path tarball() {
    Path t = DebPackageIT.TARGET.resolve(TOP + ".tar.gz");
    assertThat(t).as("built by mvn package (sentinel-app)").isRegularFile();
    return t;
  }

  @Test
  void holdsTheLauncherTheLibrariesTheConfigAndTheDocsUnderOneDirectory() throws Exception {
    List<String> entries = new ArrayList<>();
    for (String line : Commands.ok("tar", "-tvzf", tarball().toString()).lines().toList()) {
      String[] f = line.split(" +", 6); // mode owner size date time path
      entries.add(f[5]);
      if (f[5].equals(TOP + "/bin/sentinel")) {
        assertThat(f[0]).isEqualTo("-rwxr-xr-x");
      } else if (!f[5].endsWith("/")) {
        assertThat(f[0]).as(line).isEqualTo("-rw-r--r--");
      }
    }
    assertThat(entries).allSatisfy(e -> assertThat(e).startsWith(TOP + "/"));
    List<String> expected = new ArrayList<>();
    expected.addAll(
        List.of(TOP + "/bin/sentinel", TOP + "/config/config.yaml", TOP + "/README.md"));
    for (Path jar : DebPackageIT.jars()) {
      expected.add(TOP + "/lib/" + jar.getFileName());
    }
    for (Path doc : DebPackageIT.docs()) {
      expected.add(TOP + "/docs/" + doc.getFileName());
    }
    for (String file : DebPackageIT.monitoring()) {
      expected.add(TOP + "/" + file);
    }
    assertThat(entries.stream().filter(e -> !e.endsWith("/")))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void runsFromWhereverItIsUnpackedWithoutMaven(@TempDir Path dir) throws Exception {
    Path unpacked = Files.createDirectories(dir.resolve("opt"));
    Commands.ok("tar", "-xzf", tarball().toString(), "-C", unpacked.toString());
    Path home = unpacked.resolve(TOP);
    Path bin = pathWithoutMaven(dir.resolve("path"));
    // A symlink on the PATH, as `ln -s /opt/sentinel-…/bin/sentinel /usr/local/bin/` makes.
    Files.createSymbolicLink(bin.resolve("sentinel"), home.resolve("bin/sentinel"));
    assertThat(run(home, bin, bin.resolve("bash").toString(), "-c", "command -v mvn").exitCode())
        .isEqualTo(1);

    Commands.Result version = run(home, bin, bin.resolve("sentinel").toString(), "version");
    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.output()).startsWith("sentinel " + SentinelVersion.get() + " (Java 17");

    // The first one-shot command made the class-data archive next to lib/; the next one uses it.
    List<Path> archives = archives(home.resolve("cache"));
    assertThat(archives).hasSize(1);
    assertThat(run(home, bin, "bin/sentinel", "version").output()).isEqualTo(version.output());
    // An archive this JVM cannot use (another class path wrote it) is ignored without a word.
    Path other = dir.resolve("other.jsa");
    Commands.ok(
        "java",
        "-XX:ArchiveClassesAtExit=" + other,
        "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off",
        "-cp",
        DebPackageIT.jars().get(0).toString(),
        "-version");
    Files.copy(other, archives.get(0), StandardCopyOption.REPLACE_EXISTING);
    assertThat(run(home, bin, "bin/sentinel", "version").output()).isEqualTo(version.output());
    assertThat(archives(home.resolve("cache"))).isEqualTo(archives);

    Path config = home.resolve("config/config.yaml");
    // The shipped config serves /metrics on 9465: another test run may hold it.
    Files.writeString(
        config,
        Files.readString(config).replace("\"127.0.0.1:9465\"", "\"127.0.0.1:" + freePort() + "\""));
    Commands.Result check = run(home, bin, "bin/sentinel", "check", "-c", "config/config.yaml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).startsWith("config OK: ");

    ProcessBuilder pb =
        new ProcessBuilder("bin/sentinel", "start", "-c", "config/config.yaml")
            .directory(home.toFile());
    onlyPath(pb, bin);
    try (SentinelProcess daemon = SentinelProcess.start(pb, dir.resolve("start.txt"))) {
      Path samples = home.resolve("data/samples.jsonl");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(samples) && Files.readString(samples).contains("ping_rtt_ms"));
      assertThat(daemon.terminate()).as(daemon.output()).isZero();
      assertThat(daemon.output())
          .contains("\"msg\":\"Sentinel started\"")
          .doesNotContain("building");
    }
    assertThat(home.resolve("logs/sentinel.log")).isNotEmptyFile();
  }

  /** The class-data archives in {@code cache} (and no temporary file). */
  private static List<Path> archives(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      List<Path> all = s.sorted().toList();
      assertThat(all)
          .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("sentinel-\\d+\\.jsa"));
      return all;
    }
  }

  /** A directory of the few programs the launcher and Java need, and no mvn. */
  private static Path pathWithoutMaven(Path bin) throws IOException {
    Files.createDirectories(bin);
    // What the launcher uses (its class-data archive needs the coreutils), as on any host.
    for (String tool :
        List.of(
            "bash",
            "env",
            "readlink",
            "dirname",
            "stat",
            "cksum",
            "mkdir",
            "mv",
            "chmod",
            "find",
            "rm")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
    }
    Files.createSymbolicLink(
        bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    return bin;
  }

  private static void onlyPath(ProcessBuilder pb, Path bin) {
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("MAVEN_HOME");
    pb.environment().put("PATH", bin.toString());
  }

  private static Commands.Result run(Path home, Path bin, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
    onlyPath(pb, bin);
    return Commands.run(pb);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
