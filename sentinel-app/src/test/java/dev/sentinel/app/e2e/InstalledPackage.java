package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.app.e2e.SystemdUnit.Capabilities;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * The sentinel package on this machine, for {@link DebInstallIT}: where it puts things, dpkg run in
 * a network namespace of the test's own (so the ping drop-in changes that namespace's {@code
 * ping_group_range}, never the machine's), and its daemon run as the unit runs it. {@link #close()}
 * stops the daemons it started.
 */
final class InstalledPackage implements AutoCloseable {
  static final Path CONFIG = Path.of("/etc/sentinel/config.yaml");
  static final Path STATE = Path.of("/var/lib/sentinel");
  static final Path SPOOL = STATE.resolve("spool");
  static final Path CACHE = Path.of("/var/cache/sentinel");
  static final Path UNIT = Path.of("/lib/systemd/system/sentinel.service");
  static final Path DROP_IN = Path.of("/etc/sysctl.d/30-sentinel-ping.conf");
  static final Path RANGE = Path.of("/proc/sys/net/ipv4/ping_group_range");
  static final Path WANTS = Path.of("/etc/systemd/system/multi-user.target.wants/sentinel.service");

  /** Everything the package or its scripts may create. */
  static final List<Path> EVERYTHING =
      List.of(
          Path.of("/etc/sentinel"),
          Path.of("/etc/default/sentinel"),
          STATE,
          CACHE,
          Path.of("/usr/bin/sentinel"),
          Path.of("/usr/share/sentinel"),
          Path.of("/usr/share/doc/sentinel"),
          UNIT,
          DROP_IN,
          WANTS,
          Path.of("/etc/systemd/system/sentinel.service"));

  private final TestNetwork namespace;
  private final Path dir;
  private final List<SentinelProcess> daemons = new ArrayList<>();

  /** {@code dir}: for the daemons' output and rebuilt packages. */
  InstalledPackage(TestNetwork namespace, Path dir) {
    this.namespace = namespace;
    this.dir = dir;
  }

  /** Whether dpkg knows the package at all (installed, or its config files left). */
  static boolean known() throws Exception {
    return Commands.run("dpkg-query", "-W", "sentinel").exitCode() == 0;
  }

  /** Runs dpkg in the namespace; it must succeed without a warning or an error. */
  String dpkg(String... args) throws Exception {
    List<String> command = new ArrayList<>(namespace.inside());
    command.add("dpkg");
    command.addAll(List.of(args));
    String out = Commands.ok(command);
    assertThat(out).doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error");
    return out;
  }

  /** The namespace's {@code net.ipv4.ping_group_range}, e.g. {@code "1\t0"}. */
  String range() throws Exception {
    List<String> cat = new ArrayList<>(namespace.inside());
    cat.addAll(List.of("cat", RANGE.toString()));
    return Commands.ok(cat).strip();
  }

  SystemdUnit unit() throws Exception {
    return SystemdUnit.read(UNIT);
  }

  /**
   * Runs the unit's ExecStartPre (which must pass), then its ExecStart, in {@code where} (the
   * machine's network: empty; the namespace: {@link TestNetwork#inside()}), and waits until the
   * daemon says it started.
   */
  SentinelProcess startAsTheUnit(String name, Capabilities caps, List<String> where)
      throws Exception {
    SystemdUnit unit = unit();
    Commands.Result pre =
        Commands.run(unit.processBuilder(unit.value("Service.ExecStartPre"), caps, where));
    assertThat(pre.exitCode()).as(pre.output()).isZero();
    SentinelProcess daemon =
        SentinelProcess.start(
            unit.processBuilder(unit.value("Service.ExecStart"), caps, where),
            dir.resolve(name + ".txt"));
    daemons.add(daemon);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                daemon.output().contains("\"msg\":\"Sentinel started\"")
                    || !daemon.process().isAlive());
    assertThat(daemon.process().isAlive()).as(daemon.output()).isTrue();
    return daemon;
  }

  /** The spool's files and their sizes; at least one segment. */
  static Map<String, Long> spoolFiles() throws Exception {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(SPOOL)) {
      for (Path p : s.toList()) {
        files.put(p.getFileName().toString(), Files.size(p));
      }
    }
    assertThat(files.keySet()).anySatisfy(n -> assertThat(n).endsWith(".seg"));
    return files;
  }

  static void assertOwned(Path p, String owner, String group, String mode) throws Exception {
    PosixFileAttributes a =
        Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertThat(a.owner().getName()).as("owner of %s", p).isEqualTo(owner);
    assertThat(a.group().getName()).as("group of %s", p).isEqualTo(group);
    assertThat(PosixFilePermissions.toString(a.permissions())).as("mode of %s", p).isEqualTo(mode);
  }

  /** The same package with another version: dpkg-deb -R, edit the control file, dpkg-deb -b. */
  Path withVersion(Path deb, String version) throws Exception {
    Path tree = dir.resolve("tree-" + version);
    Commands.ok("dpkg-deb", "-R", deb.toString(), tree.toString());
    Path control = tree.resolve("DEBIAN/control");
    Files.writeString(
        control,
        Files.readString(control)
            .replaceFirst("(?m)^Version: .*$", "Version: " + Matcher.quoteReplacement(version)));
    Path out = dir.resolve("sentinel_" + version + "_all.deb");
    Commands.ok("dpkg-deb", "--root-owner-group", "-b", tree.toString(), out.toString());
    return out;
  }

  /** Kills the daemons still running and waits for them: userdel refuses a user with processes. */
  @Override
  public void close() throws InterruptedException {
    for (SentinelProcess d : daemons) {
      d.close();
      d.process().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
