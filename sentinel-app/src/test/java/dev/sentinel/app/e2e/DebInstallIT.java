package dev.sentinel.app.e2e;

import static dev.sentinel.app.e2e.InstalledPackage.CACHE;
import static dev.sentinel.app.e2e.InstalledPackage.CONFIG;
import static dev.sentinel.app.e2e.InstalledPackage.DROP_IN;
import static dev.sentinel.app.e2e.InstalledPackage.EVERYTHING;
import static dev.sentinel.app.e2e.InstalledPackage.RANGE;
import static dev.sentinel.app.e2e.InstalledPackage.STATE;
import static dev.sentinel.app.e2e.InstalledPackage.UNIT;
import static dev.sentinel.app.e2e.InstalledPackage.WANTS;
import static dev.sentinel.app.e2e.InstalledPackage.assertOwned;
import static dev.sentinel.app.e2e.InstalledPackage.spoolFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sentinel.app.e2e.SystemdUnit.Capabilities;
import dev.sentinel.core.SentinelVersion;
import dev.sentinel.testing.VictoriaMetricsServer;
import dev.sentinel.testing.VictoriaMetricsServer.ExportedSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb on this machine, from install to purge, in order: dpkg installs it, the daemon runs as
 * the unit would run it (as {@code sentinel}, with only CAP_NET_RAW, or with none through the ping
 * sysctl drop-in) and delivers to a real VictoriaMetrics, an upgrade keeps the edited config and
 * the spool and the upgraded daemon delivers the spool, remove keeps config and spool, purge leaves
 * nothing. dpkg and the unprivileged run happen in a network namespace of their own, so the
 * drop-in's {@code ping_group_range} changes that namespace and never the machine's. The package is
 * purged at the end even when a step fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class DebInstallIT {
  @TempDir static Path dir;
  private VictoriaMetricsServer vm;
  private TestNetwork ownNetwork;
  private TcpRelay relay;
  private String machineRange;
  private boolean installed;
  private InstalledPackage pkg;

  @BeforeAll
  void aMachineWithoutSentinel() throws Exception {
    assertThat(InstalledPackage.known())
        .as("the package sentinel is on this machine; this test installs and purges it")
        .isFalse();
    assertThat(Commands.run("getent", "passwd", "sentinel").exitCode()).isEqualTo(2);
    assertThat(EVERYTHING).allSatisfy(p -> assertThat(p).doesNotExist());
    machineRange = Files.readString(RANGE);
    vm = VictoriaMetricsServer.start();
    ownNetwork = TestNetwork.create(false);
    relay = TcpRelay.start(ownNetwork.hostAddress(), vm.port());
    pkg = new InstalledPackage(ownNetwork, dir);
  }

  @AfterAll
  void purgeAndStop() throws Exception {
    try {
      if (pkg != null) {
        pkg.close();
      }
      if (installed && InstalledPackage.known()) {
        List<String> purge = new ArrayList<>(ownNetwork.inside());
        purge.addAll(List.of("dpkg", "--purge", "sentinel"));
        Commands.run(purge);
      }
      if (machineRange != null) {
        assertThat(Files.readString(RANGE)).as("the machine's range").isEqualTo(machineRange);
      }
    } finally {
      for (AutoCloseable c : new AutoCloseable[] {relay, ownNetwork, vm}) {
        if (c != null) {
          c.close();
        }
      }
    }
  }

  @Test
  @Order(1)
  void installCreatesTheUserTheStateDirectoryAndThePingDropIn() throws Exception {
    assertThat(pkg.range()).as("a new network namespace: nobody may ping").isEqualTo("1\t0");
    installed = true;
    pkg.dpkg("-i", DebPackageIT.deb().toString());

    String[] user = Commands.ok("getent", "passwd", "sentinel").strip().split(":");
    assertThat(Integer.parseInt(user[2])).as("a system user").isBetween(100, 999);
    assertThat(user[5]).isEqualTo("/var/lib/sentinel");
    assertThat(user[6]).isEqualTo("/usr/sbin/nologin");
    String gid = Commands.ok("getent", "group", "sentinel").strip().split(":")[2];
    assertThat(user[3]).isEqualTo(gid);
    assertOwned(STATE, "sentinel", "sentinel", "rwxr-x---");
    assertOwned(CONFIG, "root", "sentinel", "rw-r-----"); // it may hold passwords
    assertThat(Files.mismatch(CONFIG, SentinelProcess.HOME.resolve("config/system.yaml")))
        .isEqualTo(-1L);

    assertThat(Files.readString(DROP_IN))
        .contains("\nnet.ipv4.ping_group_range = " + gid + " " + gid + "\n");
    assertThat(pkg.range()).as("applied at once").isEqualTo(gid + "\t" + gid);
    assertThat(Files.readString(RANGE)).as("the machine's").isEqualTo(machineRange);
    assertThat(Files.readSymbolicLink(WANTS)).as("enabled").isEqualTo(UNIT);
    // postinst made the class-data archive for this Java (readable by the service).
    try (Stream<Path> s = Files.list(CACHE)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .matches("sentinel-\\d+\\.jsa");
    }
  }

  @Test
  @Order(2)
  void theUnitPassesSystemdAnalyzeAndGrantsOnlyNetRaw() throws Exception {
    Commands.Result verify = Commands.run("systemd-analyze", "verify", UNIT.toString());
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).as("no warnings").isEmpty();

    SystemdUnit unit = pkg.unit();
    Map<String, String> expected = new TreeMap<>();
    expected.put("Service.User", "sentinel");
    expected.put("Service.AmbientCapabilities", "CAP_NET_RAW");
    expected.put("Service.CapabilityBoundingSet", "CAP_NET_RAW");
    expected.put("Service.NoNewPrivileges", "yes");
    expected.put("Service.ProtectSystem", "strict");
    expected.put("Service.ProtectHome", "yes");
    expected.put("Service.PrivateTmp", "yes");
    expected.put("Service.StateDirectory", "sentinel");
    expected.put("Service.CacheDirectory", "sentinel");
    expected.put("Service.EnvironmentFile", "-/etc/default/sentinel");
    expected.put("Service.ExecStartPre", "/usr/bin/sentinel check -c /etc/sentinel/config.yaml");
    expected.put("Service.ExecStart", "/usr/bin/sentinel start -c /etc/sentinel/config.yaml");
    expected.put("Service.Restart", "on-failure");
    expected.forEach((key, value) -> assertThat(unit.value(key)).as(key).isEqualTo(value));
    assertThat(unit.values("Service.ExecReload"))
        .containsExactly(
            "/usr/bin/sentinel check -c /etc/sentinel/config.yaml", "/bin/kill -HUP $MAINPID");

    // The final flush (sender.shutdown_timeout) must end before systemd's SIGKILL.
    Matcher m =
        Pattern.compile("\n\\s*shutdown_timeout: (\\d+)s")
            .matcher(Files.readString(SentinelProcess.HOME.resolve("config/system.yaml")));
    assertThat(m.find()).isTrue();
    assertThat(unit.value("Service.TimeoutStopSec")).matches("\\d+s");
    assertThat(Integer.parseInt(unit.value("Service.TimeoutStopSec").replace("s", "")))
        .isGreaterThan(Integer.parseInt(m.group(1)));
  }

  @Test
  @Order(3)
  void theShippedConfigPassesCheckAsTheService() throws Exception {
    SystemdUnit unit = pkg.unit();
    Commands.Result check =
        Commands.run(
            unit.processBuilder(
                unit.value("Service.ExecStartPre"), Capabilities.AS_THE_UNIT_SAYS, List.of()));
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output())
        .startsWith("config OK: 2 tasks")
        .contains("buffer disk /var/lib/sentinel/spool");
    ProcessBuilder version = new ProcessBuilder("/usr/bin/sentinel", "version");
    version.environment().put("PATH", SystemdUnit.PATH);
    Commands.Result v = Commands.run(version);
    assertThat(v.exitCode()).as(v.output()).isZero();
    assertThat(v.output()).startsWith("sentinel " + SentinelVersion.get() + " (Java 17");
  }

  @Test
  @Order(4)
  void withTheUnitsCapabilityItPingsOverRawSocketsAndDelivers() throws Exception {
    Files.writeString(CONFIG, config("pkg-raw", vm.writeUrl(), "raw"));
    try (SentinelProcess daemon =
        pkg.startAsTheUnit("raw", Capabilities.AS_THE_UNIT_SAYS, List.of())) {
      withLog(daemon, () -> vm.awaitExport("{__name__=\"ping_rtt_ms\",sentinel=\"pkg-raw\"}", 2));
      assertThat(daemon.output()).contains("\"msg\":\"Ping engine ready\",\"method\":\"raw\"");
      // systemctl reload: the unit's ExecReload check passes as the service, then SIGHUP applies it
      SystemdUnit unit = pkg.unit();
      Commands.Result check =
          Commands.run(
              unit.processBuilder(
                  unit.values("Service.ExecReload").get(0),
                  Capabilities.AS_THE_UNIT_SAYS,
                  List.of()));
      assertThat(check.exitCode()).as(check.output()).isZero();
      daemon.signalJava("HUP");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> daemon.output().contains("Config reloaded: tasks: 1 kept"));
      assertThat(daemon.terminate()).as(daemon.output()).isZero();
    }
  }

  @Test
  @Order(5)
  void withoutAnyCapabilityItPingsThroughTheDropIn() throws Exception {
    String url = "http://" + ownNetwork.hostAddress() + ":" + relay.port() + "/api/v1/write";
    Files.writeString(CONFIG, config("pkg-dgram", url, "dgram"));
    try (SentinelProcess daemon =
        pkg.startAsTheUnit("dgram", Capabilities.NONE, ownNetwork.inside())) {
      withLog(daemon, () -> vm.awaitExport("{__name__=\"ping_rtt_ms\",sentinel=\"pkg-dgram\"}", 2));
      assertThat(daemon.output()).contains("\"msg\":\"Ping engine ready\",\"method\":\"dgram\"");
      assertThat(daemon.terminate()).as(daemon.output()).isZero();
    }
    // It really had no capability: a raw socket is refused.
    SystemdUnit unit = pkg.unit();
    Commands.Result raw =
        Commands.run(
            unit.processBuilder(
                "/usr/bin/sentinel trigger ping 127.0.0.1 -n 1 --method raw",
                Capabilities.NONE,
                ownNetwork.inside()));
    assertThat(raw.exitCode()).as(raw.output()).isEqualTo(1);
    assertThat(raw.output()).contains("raw ICMP sockets need CAP_NET_RAW");
  }

  @Test
  @Order(6)
  void anUpgradeKeepsTheEditedConfigAndTheSpoolAndTheNewDaemonDeliversIt() throws Exception {
    Files.writeString(CONFIG, config("pkg-upgrade", vm.writeUrl(), "raw"));
    String edited = Files.readString(CONFIG);
    vm.stop();
    long pending;
    long stopped;
    try (SentinelProcess daemon =
        pkg.startAsTheUnit("outage", Capabilities.AS_THE_UNIT_SAYS, List.of())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> daemon.output().contains("Failed to write to victoria_metrics"));
      assertThat(daemon.terminate()).as(daemon.output()).isZero();
      stopped = System.currentTimeMillis();
      assertThat(count(daemon.output(), "success_count")).isZero();
      pending = count(daemon.output(), "pending_count");
      assertThat(pending).as("held in the spool").isPositive();
    }
    Map<String, Long> spool = spoolFiles();

    pkg.dpkg("-i", DebPackageIT.deb().toString()); // reinstall
    assertThat(CONFIG).hasContent(edited);
    assertThat(spoolFiles()).isEqualTo(spool);

    String newer = SentinelVersion.get() + "+upgrade1";
    pkg.dpkg("-i", pkg.withVersion(DebPackageIT.deb(), newer).toString());
    assertThat(Commands.ok("dpkg-query", "-W", "-f=${Version}", "sentinel")).isEqualTo(newer);
    assertThat(CONFIG).hasContent(edited);
    assertOwned(CONFIG, "root", "sentinel", "rw-r-----");
    assertThat(spoolFiles()).isEqualTo(spool);

    try (SentinelProcess daemon =
        pkg.startAsTheUnit("upgraded", Capabilities.AS_THE_UNIT_SAYS, List.of())) {
      vm.restart();
      // Everything stamped before the first daemon stopped was collected during the outage: it can
      // only have come out of the spool.
      withLog(
          daemon,
          () ->
              vm.awaitExport(
                  "{sentinel=\"pkg-upgrade\"}",
                  got -> samplesUpTo(got, stopped) >= pending,
                  Duration.ofSeconds(30)));
      assertThat(samplesUpTo(vm.export("{sentinel=\"pkg-upgrade\"}"), stopped)).isEqualTo(pending);
      assertThat(daemon.terminate()).as(daemon.output()).isZero();
    }
  }

  @Test
  @Order(7)
  void removeKeepsConfigAndSpoolAndPurgeLeavesNothing() throws Exception {
    String edited = Files.readString(CONFIG);
    pkg.dpkg("--remove", "sentinel");
    assertThat(Path.of("/usr/bin/sentinel")).doesNotExist();
    assertThat(Path.of("/usr/share/sentinel")).doesNotExist();
    assertThat(UNIT).doesNotExist();
    assertThat(CACHE).doesNotExist();
    assertThat(CONFIG).hasContent(edited);
    assertThat(spoolFiles()).isNotEmpty();
    assertThat(DROP_IN).exists();
    assertThat(Commands.run("getent", "passwd", "sentinel").exitCode()).isZero();

    pkg.dpkg("--purge", "sentinel");
    installed = false;
    assertThat(EVERYTHING).allSatisfy(p -> assertThat(p).doesNotExist());
    assertThat(Commands.run("getent", "passwd", "sentinel").exitCode()).isEqualTo(2);
    assertThat(Commands.run("getent", "group", "sentinel").exitCode()).isEqualTo(2);
    assertThat(Commands.run("dpkg-statoverride", "--list", CONFIG.toString()).exitCode())
        .isEqualTo(1);
    assertThat(InstalledPackage.known()).isFalse();
    assertThat(
            Commands.ok(
                "find", "/etc", "/var/lib", "/var/cache", "/lib/systemd", "-name", "*sentinel*"))
        .isEmpty();
    assertThat(pkg.range()).as("back to the kernel's default").isEqualTo("1\t0");
  }

  /** A config for the test daemons: a ping of 127.0.0.1 every second, the spool, one backend. */
  private static String config(String name, String url, String method) {
    return """
    sentinel: {name: %s}
    buffer: {type: disk, disk_path: /var/lib/sentinel/spool}
    sender:
      flush_interval: 1s
      shutdown_timeout: 5s
      retry: {min_backoff: 200ms, max_backoff: 1s}
      direct:
        victoria_metrics: {enabled: true, url: "%s"}
    tasks:
      - id: ping-localhost
        plugin: ping
        interval: 1s
        config: {host: 127.0.0.1, count: 1, method: %s}
    logging: {output: stdout}
    self_metrics: {listen: ""}
    """
        .formatted(name, url, method);
  }

  /** Runs {@code check}; when it fails, the failure carries the daemon's log. */
  private static void withLog(SentinelProcess daemon, ThrowingRunnable check) throws Exception {
    try {
      check.run();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\ndaemon's log:\n" + daemon.output(), e);
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** The last {@code "key":N} in the daemon's log (e.g. the final "Sender stopped" counts). */
  private static long count(String log, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(log);
    long last = -1;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    assertThat(last).as("%s in:\n%s", key, log).isNotNegative();
    return last;
  }

  /** Distinct samples (series and timestamp) stamped at or before {@code timestampMs}. */
  private static long samplesUpTo(List<ExportedSeries> series, long timestampMs) {
    return series.stream()
        .mapToLong(s -> s.timestamps().stream().filter(t -> t <= timestampMs).distinct().count())
        .sum();
  }
}
