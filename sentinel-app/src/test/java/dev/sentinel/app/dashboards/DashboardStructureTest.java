package dev.sentinel.app.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sentinel.testing.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboards import as they are and every query follows the variables. */
class DashboardStructureTest {
  static final List<String> FILES =
      List.of(
          "sentinel-agents.json",
          "sentinel-host-network.json",
          "sentinel-overview.json",
          "sentinel-ping.json",
          "sentinel-probes.json");
  static final Map<String, Object> DATASOURCE =
      Map.of("type", "prometheus", "uid", "${datasource}");

  @Test
  void everyDashboardIsThereAndIsValidJson() {
    assertThat(Dashboards.files())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyElementsOf(FILES);
    for (Path file : Dashboards.files()) {
      assertThatCode(() -> Json.object(Json.parse(Files.readString(file))))
          .as(file.toString())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void eachDashboardHasItsOwnUidAndATitle() {
    Set<Object> uids = new HashSet<>();
    for (Path file : Dashboards.files()) {
      Map<String, Object> d = Dashboards.read(file);
      assertThat(uids.add(d.get("uid"))).as("%s: uid %s unique", file, d.get("uid")).isTrue();
      assertThat((String) d.get("title")).as(file.toString()).startsWith("Sentinel / ");
      assertThat(d.get("schemaVersion")).as(file.toString()).isNotNull();
      assertThat(d.get("id")).as("%s: id null, so an import creates it", file).isNull();
    }
  }

  @Test
  void panelIdsAreUniquePerDashboardRowsIncluded() {
    for (Path file : Dashboards.files()) {
      Set<Object> ids = new HashSet<>();
      for (Map<String, Object> panel : Dashboards.panels(Dashboards.read(file))) {
        assertThat(panel.get("id")).as("%s: %s has an id", file, panel.get("title")).isNotNull();
        assertThat(ids.add(panel.get("id")))
            .as("%s: panel id %s (%s) unique", file, panel.get("id"), panel.get("title"))
            .isTrue();
      }
    }
  }

  @Test
  void everyPanelAndTargetUsesTheDatasourceVariable() {
    for (Path file : Dashboards.files()) {
      for (Map<String, Object> panel : Dashboards.panels(Dashboards.read(file))) {
        if ("row".equals(panel.get("type"))) {
          continue;
        }
        String what = file.getFileName() + ": " + panel.get("title");
        assertThat(datasourceOf(panel.get("datasource"))).as(what).isTrue();
        List<Map<String, Object>> targets = Dashboards.targets(panel);
        assertThat(targets).as(what + " has queries").isNotEmpty();
        targets.forEach(
            t -> assertThat(datasourceOf(t.get("datasource"))).as(what + " " + t).isTrue());
      }
    }
  }

  private static boolean datasourceOf(Object ds) {
    return "${datasource}".equals(ds) || DATASOURCE.equals(ds);
  }

  @Test
  void everyQueryIsFilteredBySentinelRegionAndDevice() {
    List<Dashboards.Query> queries = Dashboards.queries();
    assertThat(queries).hasSizeGreaterThan(50);
    for (Dashboards.Query q : queries) {
      assertThat(q.expr()).as(q.panelKey()).isNotBlank();
      assertThat(q.expr())
          .as("%s %s", q.panelKey(), q.refId())
          .contains("sentinel=~\"$sentinel\"")
          .contains("region=~\"$region\"")
          .contains("device_id=~\"$device_id\"");
    }
  }

  @Test
  void theVariablesExistAsGrafanaNeedsThem() {
    for (Path file : Dashboards.files()) {
      Map<String, Map<String, Object>> vars = new java.util.LinkedHashMap<>();
      Dashboards.variables(Dashboards.read(file)).forEach(v -> vars.put((String) v.get("name"), v));
      assertThat(vars)
          .as(file.toString())
          .containsKeys("datasource", "sentinel", "region", "device_id");
      Map<String, Object> ds = vars.get("datasource");
      assertThat(ds).containsEntry("type", "datasource").containsEntry("query", "prometheus");
      for (String name : List.of("sentinel", "region", "device_id")) {
        Map<String, Object> v = vars.get(name);
        String what = file.getFileName() + ": $" + name;
        assertThat(v)
            .as(what)
            .containsEntry("type", "query")
            .containsEntry("multi", true)
            .containsEntry("includeAll", true)
            .containsEntry("allValue", ".*");
        assertThat(datasourceOf(v.get("datasource"))).as(what).isTrue();
        assertThat((String) v.get("definition"))
            .as(what)
            .startsWith("label_values(")
            .endsWith(", " + name + ")");
        assertThat(Json.object(v.get("query")).get("query"))
            .as(what)
            .isEqualTo(v.get("definition"));
      }
    }
  }

  @Test
  void requiresNamesThePanelTypesUsed() {
    for (Path file : Dashboards.files()) {
      Map<String, Object> d = Dashboards.read(file);
      Set<Object> required = new HashSet<>();
      Json.array(d.get("__requires")).stream()
          .map(Json::object)
          .filter(r -> "panel".equals(r.get("type")))
          .forEach(r -> required.add(r.get("id")));
      Dashboards.panels(d).stream()
          .map(p -> p.get("type"))
          .filter(t -> !"row".equals(t))
          .forEach(t -> assertThat(required).as("%s __requires", file).contains(t));
    }
  }
}
