package dev.sentinel.app.dashboards;

import dev.sentinel.testing.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards under {@code dashboards/}, read as Grafana reads them. */
public final class Dashboards {
  public static final Path DIR =
      Path.of(System.getProperty("sentinel.home", ".."))
          .toAbsolutePath()
          .normalize()
          .resolve("dashboards");

  /** One panel query: {@code file} and panel title name it for messages and exceptions. */
  public record Query(String file, String panel, String refId, String expr) {
    /** {@code file/panel title}, how expected-empty panels are listed. */
    public String panelKey() {
      return file + "/" + panel;
    }
  }

  private Dashboards() {}

  public static List<Path> files() {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, Object> read(Path file) {
    try {
      return Json.object(Json.parse(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel, those inside rows (collapsed or not) included, rows themselves too. */
  public static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object p : Json.array(dashboard.get("panels"))) {
      Map<String, Object> panel = Json.object(p);
      out.add(panel);
      if (panel.get("panels") != null) {
        Json.array(panel.get("panels")).forEach(inner -> out.add(Json.object(inner)));
      }
    }
    return out;
  }

  /** The panel's targets (none for a row). */
  public static List<Map<String, Object>> targets(Map<String, Object> panel) {
    Object t = panel.get("targets");
    return t == null ? List.of() : Json.array(t).stream().map(Json::object).toList();
  }

  public static List<Map<String, Object>> variables(Map<String, Object> dashboard) {
    return Json.array(Json.object(dashboard.get("templating")).get("list")).stream()
        .map(Json::object)
        .toList();
  }

  /** Every panel query of every dashboard. */
  public static List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (Path file : files()) {
      for (Map<String, Object> panel : panels(read(file))) {
        for (Map<String, Object> t : targets(panel)) {
          out.add(
              new Query(
                  file.getFileName().toString(),
                  (String) panel.get("title"),
                  (String) t.get("refId"),
                  (String) t.get("expr")));
        }
      }
    }
    return out;
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)}|\\$(__rate_interval|__interval|__range|\\w+)");

  /**
   * {@code expr} with {@code $name} and {@code ${name}} replaced from {@code values} as Grafana
   * does before it sends a query; an unknown variable is an error.
   */
  public static String substitute(String expr, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("no value for $" + name + " in " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
