package dev.sentinel.core.config;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.options.Spelling;
import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.core.plugin.PluginRegistry;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.TaskInfo;
import dev.sentinel.core.schedule.CronSyntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates {@code tasks:}; each plugin validates its own {@code config:}. */
final class TaskReader {
  /** Labels Sentinel sets itself; neither tasks nor sentinel.labels may set them. */
  static final Set<String> RESERVED =
      Set.of("sentinel", "region", "device_id", "task_id", "plugin");

  /** Labels the Pushgateway sets from its grouping key, replacing a sample's label of that name. */
  static final List<String> PUSHGATEWAY_LABELS = List.of("job", "instance");

  private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  /** Rarer runs are what cron is for. */
  private static final Duration MAX_INTERVAL = Duration.ofDays(1);

  private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
  private static final Duration MAX_DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final PluginRegistry plugins;
  private final IdentityConfig identity;
  private final Problems problems;

  private final boolean pushgateway;
  private boolean anyEnabled;

  TaskReader(
      PluginRegistry plugins, IdentityConfig identity, Problems problems, boolean pushgateway) {
    this.plugins = plugins;
    this.identity = identity;
    this.problems = problems;
    this.pushgateway = pushgateway;
  }

  /** The tasks; a file without an enabled task is an error, since Sentinel would do nothing. */
  List<TaskConfig> read(Section top) {
    List<TaskConfig> tasks = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<Section> entries = top.sections("tasks");
    for (Section t : entries) {
      TaskConfig task = task(t);
      if (task == null) {
        continue;
      }
      Integer firstLine = seen.putIfAbsent(task.id(), t.line("id"));
      if (firstLine != null) {
        t.error(
            "id", "duplicate task id \"" + task.id() + "\" (first used on line " + firstLine + ")");
      }
      tasks.add(task);
    }
    ConfigNode list = top.node("tasks");
    boolean listed =
        list == null || list.isNull() || list.isList(); // else "must be a list" was reported
    if (!anyEnabled && listed) {
      problems.error(
          0,
          "",
          entries.isEmpty()
              ? "nothing to run: no task is configured (list at least one under tasks:)"
              : "nothing to run: every task has enabled: false (enable at least one)");
    }
    return tasks;
  }

  private TaskConfig task(Section t) {
    String id = t.requiredString("id").trim();
    String deviceId = t.string("device_id", "").trim();
    if (deviceId.isEmpty()) {
      deviceId = id;
    }
    String pluginType = t.requiredString("plugin").trim();
    boolean enabled = t.bool("enabled", true);
    anyEnabled |= enabled;
    Duration interval = null;
    String cron = t.string("cron", "").trim();
    if (t.has("interval") && !cron.isEmpty()) {
      t.error("cron", "set either interval or cron, not both");
    } else if (cron.isEmpty()) {
      if (!t.has("interval")) {
        t.error("interval", "is required (or set cron)");
      }
      interval = t.duration("interval", Duration.ofSeconds(60), MIN_INTERVAL, MAX_INTERVAL);
    } else {
      CronSyntax.problem(cron).ifPresent(p -> t.error("cron", p));
    }
    Duration defaultTimeout =
        interval == null || interval.compareTo(MAX_DEFAULT_TIMEOUT) > 0
            ? MAX_DEFAULT_TIMEOUT
            : interval;
    Duration timeout = t.duration("timeout", defaultTimeout, MIN_TIMEOUT, Duration.ofHours(1));
    if (t.has("device_type")) {
      t.warn("device_type", "is ignored");
    }

    Section options = t.section("config");
    ProbeSpec spec = null;
    if (!pluginType.isEmpty()) {
      Plugin plugin = plugins.find(pluginType).orElse(null);
      if (plugin == null) {
        String hint =
            Spelling.closest(pluginType, plugins.types())
                .map(p -> " (did you mean " + p + "?)")
                .orElse("");
        t.error(
            "plugin",
            "unknown plugin \""
                + pluginType
                + "\""
                + hint
                + "; known: "
                + String.join(", ", plugins.types()));
        options.accept(options.keys().toArray(new String[0]));
      } else {
        spec = plugin.configure(options, new TaskInfo(id, deviceId, timeout));
      }
      options.finish();
    }
    Labels labels = labels(t, spec);
    t.finish();
    if (id.isEmpty() || spec == null) {
      return null;
    }
    return new TaskConfig(
        id, deviceId, pluginType, interval, cron, timeout, enabled, labels, spec, t.digest());
  }

  private Labels labels(Section t, ProbeSpec spec) {
    Labels labels = Labels.EMPTY;
    Set<String> probeLabels = spec == null ? Set.of() : spec.labelNames();
    for (Map.Entry<String, String> e : t.stringMap("labels").entrySet()) {
      String key = "labels." + e.getKey();
      String name = e.getKey();
      if (!Labels.isValidName(name)) {
        t.error(
            key, "invalid label name (use letters, digits and _, not starting with a digit or __)");
      } else if (RESERVED.contains(name) || identity.labels().get(name) != null) {
        t.error(key, "would override a label Sentinel sets (" + name + ")");
      } else if (pushgateway && PUSHGATEWAY_LABELS.contains(name)) {
        t.error(key, "is set by the Pushgateway from its grouping key and cannot be a task label");
      } else if (probeLabels.contains(name)) {
        t.error(key, "would override the plugin's own label " + name);
      } else if (e.getValue().isEmpty()) {
        t.error(key, "must not be empty");
      } else {
        labels = labels.merge(Labels.of(name, e.getValue()));
      }
    }
    return labels;
  }
}
