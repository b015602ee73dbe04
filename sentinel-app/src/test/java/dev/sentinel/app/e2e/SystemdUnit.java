package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A systemd service unit, read from its file, and its commands run the way systemd would run them
 * where no systemd runs (CI containers): in a mount namespace of their own that mirrors {@code
 * ProtectSystem=strict} (everything read-only but the {@code StateDirectory} and {@code
 * CacheDirectory}), {@code PrivateTmp} and {@code ProtectHome}, as {@code User}/{@code Group} with
 * exactly the unit's capabilities and {@code NoNewPrivileges}, from its {@code WorkingDirectory},
 * with systemd's environment plus the {@code EnvironmentFile}.
 */
final class SystemdUnit {
  /** The PATH systemd gives services. */
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";

  private final Path file;
  private final Map<String, List<String>> entries; // "Section.Key" → values in order

  private SystemdUnit(Path file, Map<String, List<String>> entries) {
    this.file = file;
    this.entries = entries;
  }

  static SystemdUnit read(Path file) throws IOException {
    Map<String, List<String>> entries = new LinkedHashMap<>();
    String section = "";
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        section = line.substring(1, line.indexOf(']'));
        continue;
      }
      int eq = line.indexOf('=');
      entries
          .computeIfAbsent(section + "." + line.substring(0, eq).strip(), k -> new ArrayList<>())
          .add(line.substring(eq + 1).strip());
    }
    return new SystemdUnit(file, entries);
  }

  /** Every value of {@code Section.Key}, e.g. {@code values("Service.ExecStartPre")}. */
  List<String> values(String key) {
    return entries.getOrDefault(key, List.of());
  }

  /** The one value of {@code Section.Key}; fails if it is missing or given more than once. */
  String value(String key) {
    List<String> v = values(key);
    assertThat(v).as("%s in %s", key, file).hasSize(1);
    return v.get(0);
  }

  /** Whether the service keeps its capabilities, or runs with none at all (a locked-down host). */
  enum Capabilities {
    AS_THE_UNIT_SAYS,
    NONE
  }

  /**
   * A process builder for {@code execLine} (an {@code ExecStart}-style command line) run as the
   * service; prefix it with {@code wrapper} (e.g. {@code ip netns exec NS}) to run it elsewhere.
   */
  ProcessBuilder processBuilder(String execLine, Capabilities capabilities, List<String> wrapper)
      throws IOException, InterruptedException {
    // What the sandbox below mirrors must be what the unit says.
    assertThat(value("Service.ProtectSystem")).isEqualTo("strict");
    assertThat(value("Service.PrivateTmp")).isEqualTo("yes");
    assertThat(value("Service.ProtectHome")).isEqualTo("yes");
    assertThat(value("Service.NoNewPrivileges")).isEqualTo("yes");
    String state = "/var/lib/" + value("Service.StateDirectory");
    String cache = "/var/cache/" + value("Service.CacheDirectory");
    String user = value("Service.User");
    String group = value("Service.Group");
    String caps = setprivCaps(value("Service.AmbientCapabilities"));
    assertThat(setprivCaps(value("Service.CapabilityBoundingSet"))).isEqualTo(caps);
    String privileges =
        capabilities == Capabilities.NONE
            ? "--inh-caps=-all --bounding-set=-all"
            : "--inh-caps="
                + plus(caps)
                + " --ambient-caps="
                + plus(caps)
                + " --bounding-set=-all,"
                + plus(caps);
    String sandbox =
        String.join(
            "\n",
            "set -e",
            "mount --bind " + state + " " + state, // StateDirectory and CacheDirectory: the
            "mount --bind " + cache + " " + cache, // only writable places
            "mount -o remount,bind,ro /", // ProtectSystem=strict
            "for d in /tmp /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs $d; done", // PrivateTmp
            "for d in /home /root /run/user; do", // ProtectHome
            "  if [ -d $d ]; then mount -t tmpfs -o ro,mode=0755 tmpfs $d; fi",
            "done",
            "cd " + value("Service.WorkingDirectory"),
            "exec setpriv --reuid="
                + user
                + " --regid="
                + group
                + " --init-groups --no-new-privs "
                + privileges
                + " -- \"$@\"");
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", sandbox));
    command.add("sh"); // $0
    command.addAll(List.of(execLine.split(" +")));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", PATH);
    env.put("LANG", "C.UTF-8");
    env.put("USER", user);
    env.put("LOGNAME", user);
    env.put("HOME", Commands.ok("getent", "passwd", user).strip().split(":")[5]);
    env.putAll(environmentFile());
    return pb;
  }

  /** The variables of {@code EnvironmentFile} ({@code -} prefix: optional), as systemd reads it. */
  private Map<String, String> environmentFile() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String spec : values("Service.EnvironmentFile")) {
      Path f = Path.of(spec.startsWith("-") ? spec.substring(1) : spec);
      if (!Files.exists(f) && spec.startsWith("-")) {
        continue;
      }
      for (String line : Files.readAllLines(f)) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
          continue;
        }
        String v = l.substring(l.indexOf('=') + 1);
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        env.put(l.substring(0, l.indexOf('=')), v);
      }
    }
    return env;
  }

  /** {@code CAP_NET_RAW CAP_X} → {@code net_raw,x}, setpriv's spelling. */
  private static String setprivCaps(String systemd) {
    List<String> out = new ArrayList<>();
    for (String c : systemd.split(" +")) {
      out.add(c.replaceFirst("^CAP_", "").toLowerCase(Locale.ROOT));
    }
    return String.join(",", out);
  }

  private static String plus(String caps) {
    return "+" + caps.replace(",", ",+");
  }
}
