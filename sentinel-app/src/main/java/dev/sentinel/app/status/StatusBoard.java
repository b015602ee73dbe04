package dev.sentinel.app.status;

import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.engine.RunListener;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.StatusView;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Keeps, from every task run, what the status page shows: the last run, the success ratios, and per
 * target its key values and a {@link TargetHistory}. Targets are told apart by the plugin's {@link
 * StatusView#targetLabels()}. Bounded: at most {@link #MAX_HISTORIES} targets have a history (the
 * others show their last values only), and a task's targets not seen in its last run are forgotten
 * when its definition changes.
 */
public final class StatusBoard implements RunListener {
  /** Targets with a history chart; 500 × 11.5 KiB ≈ 6 MiB at most. */
  static final int MAX_HISTORIES = 500;

  static final int MIN_RESOLUTION_SECONDS = 30;

  private final Function<String, StatusView> views;
  private final Clock clock;
  private final Map<String, TaskState> tasks = new ConcurrentHashMap<>();
  private final AtomicInteger histories = new AtomicInteger();

  /** {@code views} gives each plugin type's view. */
  public StatusBoard(Function<String, StatusView> views, Clock clock) {
    this.views = views;
    this.clock = clock;
  }

  record LastRun(long timeMs, String outcome, long durationMs, String error) {}

  static final class TargetState {
    final String name;
    final double[] values;
    Boolean up;
    final TargetHistory history;

    TargetState(String name, int values, TargetHistory history) {
      this.name = name;
      this.values = new double[values];
      java.util.Arrays.fill(this.values, Double.NaN);
      this.history = history;
    }
  }

  static final class TaskState {
    final StatusView view;
    final StatusSlots slots;
    final SuccessWindow window = new SuccessWindow();
    final Map<String, TargetState> targets = new LinkedHashMap<>();
    String digest;
    LastRun last;

    TaskState(StatusView view, String digest) {
      this.view = view;
      this.slots = new StatusSlots(view);
      this.digest = digest;
    }
  }

  @Override
  public void runEnded(
      TaskConfig task,
      long timeMs,
      String outcome,
      long durationMs,
      String error,
      List<Sample> samples) {
    TaskState st =
        tasks.computeIfAbsent(
            task.id(), id -> new TaskState(views.apply(task.plugin()), task.digest()));
    synchronized (st) {
      st.last = new LastRun(timeMs, outcome, durationMs, error);
      boolean counted = !outcome.startsWith("skipped") && !outcome.equals("cancelled");
      if (counted) {
        st.window.record(timeMs, outcome.equals("success"));
      }
      if (samples.isEmpty()) {
        return;
      }
      Map<String, double[]> byTarget = group(st, task, samples);
      if (!task.digest().equals(st.digest)) {
        st.digest = task.digest();
        st.targets.keySet().retainAll(byTarget.keySet());
      }
      int resolution =
          (int)
              Math.max(
                  MIN_RESOLUTION_SECONDS,
                  task.interval() == null ? 60 : task.interval().toSeconds());
      byTarget.forEach(
          (name, values) -> {
            TargetState t = st.targets.get(name);
            if (t == null) {
              TargetHistory h =
                  histories.incrementAndGet() <= MAX_HISTORIES
                      ? new TargetHistory(resolution)
                      : null;
              if (h == null) {
                histories.decrementAndGet();
              }
              t = new TargetState(name, st.view.values().size(), h);
              st.targets.put(name, t);
            }
            update(st.view, st.slots, t, values, timeMs, durationMs, outcome);
          });
    }
  }

  private static void update(
      StatusView view,
      StatusSlots slots,
      TargetState t,
      double[] values,
      long timeMs,
      long durationMs,
      String outcome) {
    for (int i = 0; i < view.values().size(); i++) {
      t.values[i] = values[slots.value[i]];
    }
    double success = values[slots.success];
    if (Double.isNaN(success)) {
      success = values[slots.deviceStatus];
    }
    t.up = Double.isNaN(success) ? outcome.equals("success") : success > 0;
    if (t.history == null) {
      return;
    }
    double middle = view.middle() == null ? durationMs : values[slots.middle];
    t.history.add(timeMs, values[slots.low], middle, values[slots.high], values[slots.loss], t.up);
  }

  /**
   * The run's samples by target name, each with the values of the metrics the view reads (by {@link
   * StatusSlots}; NaN where the run had none). Per target an array, not a map: a task may have a
   * thousand targets, and this runs after every run.
   */
  private static Map<String, double[]> group(TaskState st, TaskConfig task, List<Sample> samples) {
    Map<String, double[]> out = new LinkedHashMap<>();
    Labels lastLabels = null; // a target's samples share one Labels: name it once
    double[] lastValues = null;
    for (Sample s : samples) {
      int slot = st.slots.of(s.name());
      if (slot < 0 || s.isStaleMarker()) {
        continue;
      }
      if (s.labels() != lastLabels) {
        lastLabels = s.labels();
        String name = targetName(st.view, task, lastLabels);
        lastValues = name == null ? null : out.computeIfAbsent(name, n -> st.slots.empty());
      }
      if (lastValues != null && Double.isNaN(lastValues[slot])) {
        lastValues[slot] = s.value(); // the first value of a metric counts
      }
    }
    return out;
  }

  /**
   * The target a sample belongs to: its target labels' values (joined with " "), else its
   * device_id; null for a per-task sample (e.g. device_status) of a plugin with target labels.
   */
  static String targetName(StatusView view, TaskConfig task, Labels labels) {
    if (view.targetLabels().isEmpty()) {
      String device = labels.get("device_id");
      return device == null ? task.deviceId() : device;
    }
    String only = null; // one target label set (the usual case): its value, without a copy
    int present = 0;
    for (String l : view.targetLabels()) {
      String v = labels.get(l);
      if (v != null) {
        only = v;
        present++;
      }
    }
    if (present <= 1) {
      return only;
    }
    StringBuilder sb = new StringBuilder();
    for (String l : view.targetLabels()) {
      String v = labels.get(l);
      if (v != null) {
        sb.append(sb.length() == 0 ? "" : " ").append(v);
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** Forgets tasks a reload removed. */
  public void retain(Set<String> taskIds) {
    tasks.keySet().removeIf(id -> !taskIds.contains(id) && forget(id));
  }

  private boolean forget(String id) {
    TaskState st = tasks.get(id);
    if (st != null) {
      synchronized (st) {
        st.targets.values().stream()
            .filter(t -> t.history != null)
            .forEach(t -> histories.decrementAndGet());
      }
    }
    return true;
  }

  /** Appends the JSON of {@code task} (as {@code /api/v1/status} lists it) to {@code out}. */
  void taskJson(JsonOut out, TaskConfig task) {
    TaskState st = tasks.get(task.id());
    StatusView view = st == null ? views.apply(task.plugin()) : st.view;
    long now = clock.millis();
    out.begin()
        .field("id", task.id())
        .field("plugin", task.plugin())
        .field("device_id", task.deviceId())
        .field("schedule", task.scheduleText())
        .field(
            "interval_seconds",
            task.interval() == null ? Double.NaN : task.interval().toMillis() / 1000.0)
        .field("timeout_seconds", task.timeout().toMillis() / 1000.0)
        .field("chart", view.chart());
    if (st == null) {
      out.nullField("last_run")
          .nullField("success_ratio_1h")
          .nullField("success_ratio_24h")
          .key("targets")
          .raw("[]")
          .end();
      return;
    }
    synchronized (st) {
      if (st.last == null) {
        out.nullField("last_run");
      } else {
        out.key("last_run")
            .begin()
            .field("time", st.last.timeMs() / 1000.0)
            .field("outcome", st.last.outcome())
            .field("duration_ms", (double) st.last.durationMs())
            .field("error", st.last.error())
            .end();
      }
      out.field("success_ratio_1h", st.window.lastHour(now))
          .field("success_ratio_24h", st.window.lastDay(now))
          .key("targets")
          .beginArray();
      for (TargetState t : st.targets.values()) {
        out.begin().field("name", t.name);
        if (t.up == null) {
          out.nullField("up");
        } else {
          out.field("up", t.up);
        }
        out.key("values").beginArray();
        for (int i = 0; i < view.values().size(); i++) {
          StatusView.KeyValue kv = view.values().get(i);
          if (Double.isNaN(t.values[i])) {
            continue;
          }
          out.begin()
              .field("name", kv.metric())
              .field("label", kv.label())
              .field("value", t.values[i])
              .field("unit", kv.unit())
              .end();
        }
        out.endArray().end();
      }
      out.endArray();
    }
    out.end();
  }

  /** The JSON of {@code /api/v1/history?task=}, or null for an unknown task. */
  String historyJson(String taskId) {
    TaskState st = tasks.get(taskId);
    if (st == null) {
      return null;
    }
    JsonOut out = new JsonOut();
    synchronized (st) {
      int resolution =
          st.targets.values().stream()
              .filter(t -> t.history != null)
              .mapToInt(t -> t.history.resolutionSeconds())
              .findFirst()
              .orElse(MIN_RESOLUTION_SECONDS);
      out.begin()
          .field("task", taskId)
          .field("chart", st.view.chart())
          .field("resolution_seconds", (double) resolution)
          .key("targets")
          .beginArray();
      for (TargetState t : st.targets.values()) {
        if (t.history == null) {
          continue;
        }
        TargetHistory.Points p = t.history.points();
        out.begin().field("name", t.name).key("t").beginArray();
        for (long time : p.time) {
          out.element((double) time);
        }
        out.endArray();
        if (st.view.chart().equals("band")) {
          out.column("min", p.low)
              .column("median", p.middle)
              .column("max", p.high)
              .column("loss", p.loss);
        } else {
          out.column("duration_ms", p.middle).column("success", p.success);
        }
        out.end();
      }
      out.endArray().end();
    }
    return out.toString();
  }
}
