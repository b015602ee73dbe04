package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.SentinelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb that {@code mvn package} built, as dpkg sees it without installing it: its control
 * fields, its file list with owners and modes, and that every file is the one in the source tree.
 * {@link DebInstallIT} installs it.
 */
class DebPackageIT {
  static final Path TARGET = SentinelProcess.HOME.resolve("sentinel-app/target");
  static final String DEPENDS = "openjdk-17-jre-headless | java17-runtime-headless";

  /** The one {@code sentinel_<version>_all.deb} of this build. */
  static Path deb() {
    Path deb = TARGET.resolve("sentinel_" + SentinelVersion.get() + "_all.deb");
    assertThat(deb).as("built by mvn package (sentinel-app)").isRegularFile();
    return deb;
  }

  @Test
  void controlFieldsNameTheJavaRuntimeAndLibpcap() throws Exception {
    Map<String, String> f = new TreeMap<>();
    for (String field :
        List.of("Package", "Version", "Architecture", "Depends", "Recommends", "Maintainer")) {
      f.put(field, Commands.ok("dpkg-deb", "-f", deb().toString(), field).strip());
    }
    assertThat(f)
        .containsEntry("Package", "sentinel")
        .containsEntry("Version", SentinelVersion.get())
        .containsEntry("Architecture", "all")
        .containsEntry("Depends", DEPENDS)
        .containsEntry("Recommends", "libpcap0.8");
    assertThat(f.get("Maintainer")).matches(".+ <[^@ ]+@[^@ ]+>");
    assertThat(Commands.ok("dpkg-deb", "-f", deb().toString(), "Description"))
        .startsWith("push-based network probe agent for edge hosts\n")
        .contains("CAP_NET_RAW", "/etc/sentinel/config.yaml", "/var/lib/sentinel");
    assertThat(Commands.ok("dpkg-deb", "-I", deb().toString(), "conffiles").lines())
        .containsExactlyInAnyOrder("/etc/sentinel/config.yaml", "/etc/default/sentinel");
    assertThat(Commands.ok("dpkg-deb", "-I", deb().toString()))
        .contains(" postinst ", " prerm ", " postrm ");
  }

  @Test
  void filesAreTheLauncherTheLibrariesTheConfigTheUnitAndTheDocs() throws Exception {
    Map<String, String> expected = new TreeMap<>(); // path → mode
    expected.put("/usr/bin/sentinel", "-rwxr-xr-x");
    for (Path jar : jars()) {
      expected.put("/usr/share/sentinel/lib/" + jar.getFileName(), "-rw-r--r--");
    }
    expected.put("/etc/sentinel/config.yaml", "-rw-r-----"); // postinst: group sentinel
    expected.put("/etc/default/sentinel", "-rw-------"); // may hold secrets
    expected.put("/lib/systemd/system/sentinel.service", "-rw-r--r--");
    expected.put("/usr/share/doc/sentinel/README.md", "-rw-r--r--");
    for (Path doc : docs()) {
      expected.put("/usr/share/doc/sentinel/docs/" + doc.getFileName(), "-rw-r--r--");
    }
    for (String file : monitoring()) {
      expected.put("/usr/share/sentinel/" + file, "-rw-r--r--");
    }

    Map<String, String> files = new TreeMap<>();
    for (String line : Commands.ok("dpkg-deb", "-c", deb().toString()).lines().toList()) {
      String[] f = line.split(" +", 6); // mode owner size date time path
      assertThat(f[1]).as(line).isEqualTo("root/root");
      String path = f[5].substring(1); // "./usr/bin/sentinel"
      if (path.endsWith("/")) {
        assertThat(f[0]).as(line).isEqualTo("drwxr-xr-x");
      } else {
        files.put(path, f[0]);
      }
    }
    assertThat(files).isEqualTo(expected);
    assertThat(jars())
        .anySatisfy(
            j ->
                assertThat(j.toString())
                    .endsWith("sentinel-app-" + SentinelVersion.get() + ".jar"));
  }

  @Test
  void everyFileIsTheOneInTheSourceTree(@TempDir Path dir) throws Exception {
    Commands.ok("dpkg-deb", "-x", deb().toString(), dir.toString());
    Path home = SentinelProcess.HOME;
    Path app = home.resolve("sentinel-app");
    assertSame(dir.resolve("usr/bin/sentinel"), home.resolve("bin/sentinel")); // one launcher
    assertSame(dir.resolve("etc/sentinel/config.yaml"), home.resolve("config/system.yaml"));
    assertSame(dir.resolve("etc/default/sentinel"), app.resolve("src/deb/default"));
    assertSame(
        dir.resolve("lib/systemd/system/sentinel.service"),
        app.resolve("src/deb/sentinel.service"));
    assertSame(dir.resolve("usr/share/doc/sentinel/README.md"), home.resolve("README.md"));
    for (Path doc : docs()) {
      assertSame(dir.resolve("usr/share/doc/sentinel/docs").resolve(doc.getFileName()), doc);
    }
    for (Path jar : jars()) {
      assertSame(dir.resolve("usr/share/sentinel/lib").resolve(jar.getFileName()), jar);
    }
  }

  private static void assertSame(Path packaged, Path source) throws IOException {
    assertThat(Files.mismatch(packaged, source))
        .as("%s differs from %s", packaged, source)
        .isEqualTo(-1L);
  }

  /** What {@code bin/sentinel} runs in the source tree: the libraries of target/lib. */
  static List<Path> jars() throws IOException {
    try (Stream<Path> s = Files.list(TARGET.resolve("lib"))) {
      return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /**
   * The alert rules and the Grafana dashboards, relative to the checkout: the package has them
   * under /usr/share/sentinel, the tarball at its top.
   */
  static List<String> monitoring() throws IOException {
    List<String> out = new java.util.ArrayList<>(List.of("alerts/sentinel.rules.yml"));
    try (Stream<Path> s = Files.list(SentinelProcess.HOME.resolve("dashboards"))) {
      s.filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .forEach(p -> out.add("dashboards/" + p.getFileName()));
    }
    return out;
  }

  static List<Path> docs() throws IOException {
    try (Stream<Path> s = Files.list(SentinelProcess.HOME.resolve("docs"))) {
      return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
  }
}
