package dev.sentinel.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.config.TaskConfig;
import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.plugin.ProbeSpec;
import dev.sentinel.core.plugin.StatusView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusBoardTest {
  private static final StatusView BAND =
      StatusView.band(
          List.of("host"),
          List.of(new StatusView.KeyValue("rtt", "RTT", "ms")),
          "lo",
          "mid",
          "hi",
          "loss",
          "ok");

  private static TaskConfig task(String digest) {
    return new TaskConfig(
        "p",
        "p",
        "ping",
        Duration.ofSeconds(10),
        "",
        Duration.ofSeconds(9),
        true,
        Labels.EMPTY,
        ProbeSpec.of(Set.of(), 1, () -> ctx -> ProbeResult.success(List.of())),
        digest);
  }

  private static List<Sample> run(long t, String... hosts) {
    List<Sample> out = new java.util.ArrayList<>();
    for (String h : hosts) {
      Labels l = Labels.of("task_id", "p", "host", h);
      out.add(Sample.gauge("rtt", l, 1.5, t));
      out.add(Sample.gauge("lo", l, 1, t));
      out.add(Sample.gauge("mid", l, 1.5, t));
      out.add(Sample.gauge("hi", l, 2, t));
      out.add(Sample.gauge("loss", l, 0, t));
      out.add(Sample.gauge("ok", l, 1, t));
    }
    out.add(Sample.gauge("device_status", Labels.of("task_id", "p"), 1, t));
    return out;
  }

  @Test
  void groupsEachRunByTargetAndShowsTheKeyValues() {
    long t = 1_700_000_000_000L;
    StatusBoard board =
        new StatusBoard(type -> BAND, Clock.fixed(Instant.ofEpochMilli(t), ZoneOffset.UTC));
    board.runEnded(task("A"), t, "success", 12, "", run(t, "a", "b"));
    JsonOut out = new JsonOut();
    board.taskJson(out, task("A"));
    assertThat(out.toString())
        .contains("\"targets\":[{\"name\":\"a\",\"up\":true,\"values\":[{\"name\":\"rtt\"")
        .contains("{\"name\":\"b\",\"up\":true")
        .contains("\"success_ratio_1h\":1")
        .contains("\"last_run\":{\"time\":1700000000,\"outcome\":\"success\"");
    assertThat(board.historyJson("p"))
        .startsWith("{\"task\":\"p\",\"chart\":\"band\",\"resolution_seconds\":30,")
        .contains("\"min\":[1],\"median\":[1.5],\"max\":[2],\"loss\":[0]");

    // A changed definition that dropped target b forgets it.
    board.runEnded(task("B"), t + 10_000, "success", 12, "", run(t + 10_000, "a"));
    JsonOut after = new JsonOut();
    board.taskJson(after, task("B"));
    assertThat(after.toString()).contains("\"name\":\"a\"").doesNotContain("\"name\":\"b\"");
    assertThat(board.historyJson("nope")).isNull();
  }

  @Test
  void historiesAreBoundedAcrossTargets() {
    long t = 1_700_000_000_000L;
    StatusBoard board = new StatusBoard(type -> BAND, Clock.systemUTC());
    String[] hosts = new String[StatusBoard.MAX_HISTORIES + 50];
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = "h" + i;
    }
    board.runEnded(task("A"), t, "success", 1, "", run(t, hosts));
    String history = board.historyJson("p");
    assertThat(history.split("\"name\":").length - 1).isEqualTo(StatusBoard.MAX_HISTORIES);
    JsonOut out = new JsonOut();
    board.taskJson(out, task("A"));
    assertThat(out.toString().split("\"up\":").length - 1).isEqualTo(hosts.length);
    // Removing the task frees its histories for others.
    board.retain(Set.of());
    board.runEnded(task("A"), t, "success", 1, "", run(t, "x"));
    assertThat(board.historyJson("p")).contains("\"name\":\"x\"");
  }
}
