package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sentinel.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the status page shows, read from its DOM (each in one script, so one refresh's state), and
 * how what it shows must match the JSON API.
 */
final class StatusPageView {
  private StatusPageView() {}

  static List<Map<String, Object>> objects(Object array) {
    return Json.array(array).stream().map(Json::object).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> page(Browser browser, String script) {
    return (List<Map<String, Object>>) browser.js(script);
  }

  private static final String TASKS =
      """
      const text = (e, f) => e.querySelector('[data-f="' + f + '"]').innerText;
      return [...document.querySelectorAll('#tasks tbody tr')].map(tr => ({
        id: tr.dataset.key, plugin: text(tr, 'plugin'), schedule: text(tr, 'schedule'),
        outcome: text(tr, 'outcome'), r1h: text(tr, 'r1h'), r24h: text(tr, 'r24h'),
        targets: [...tr.querySelectorAll('[data-f="targets"] > li')].map(li => ({
          name: text(li, 'name'),
          values: Object.fromEntries([...li.querySelectorAll('[data-value]')]
              .map(v => [v.dataset.value, v.innerText]))}))}));
      """;

  /** Each task row: id, plugin, schedule, outcome, the ratios, its targets with their values. */
  static List<Map<String, Object>> tasks(Browser browser) {
    return page(browser, TASKS);
  }

  /** Each destination row: name, target, state, pending (a number), error. */
  static List<Map<String, Object>> destinations(Browser browser) {
    return page(
        browser,
        """
        const text = (e, f) => e.querySelector('[data-f="' + f + '"]').innerText;
        return [...document.querySelectorAll('#destinations tbody tr')].map(tr => ({
          name: text(tr, 'name'), target: text(tr, 'target'), state: text(tr, 'state'),
          pending: Number(text(tr, 'pending').replace(/\\u202f/g, '')), error: text(tr, 'error')}));
        """);
  }

  /**
   * For each CSS variable in {@code colours}, how many pixels of the chart's canvas have its colour
   * (translucent ones too); -1 while there is no canvas.
   */
  private static final String PIXELS =
      """
      const [task, target, colours] = arguments;
      const key = k => '[data-key="' + CSS.escape(k) + '"]';
      const canvas = document.querySelector(
          '#history .task-history' + key(task) + ' .chart' + key(target) + ' canvas');
      if (!canvas) return colours.map(() => -1);
      const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const probe = document.createElement('canvas').getContext('2d');
      return colours.map(colour => {
        probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue(colour).trim();
        const c = probe.fillStyle;  // "#rrggbb", or "rgba(r, g, b, a)"
        const want = c.startsWith('#') ? [1, 3, 5].map(i => parseInt(c.slice(i, i + 2), 16))
            : c.match(/[0-9.]+/g).slice(0, 3).map(Number);
        let n = 0;
        for (let i = 0; i < d.length; i += 4) {
          const far = Math.abs(d[i] - want[0]) + Math.abs(d[i + 1] - want[1]) + Math.abs(d[i + 2] - want[2]);
          if (d[i + 3] > 0 && far < 60) n++;
        }
        return n;
      });
      """;

  static List<?> pixels(Browser browser, String task, String target, List<String> colours) {
    return (List<?>) browser.js(PIXELS, task, target, colours);
  }

  @SuppressWarnings("unchecked")
  static void assertTaskShown(Map<String, Object> shown, Map<String, Object> want) {
    String id = (String) want.get("id");
    assertThat(shown.get("plugin")).as(id).isEqualTo(want.get("plugin"));
    assertThat(shown.get("schedule")).as(id).isEqualTo(want.get("schedule"));
    Map<String, Object> run = Json.object(want.get("last_run"));
    assertThat(run).as(id + " has run").isNotNull();
    assertThat(shown.get("outcome"))
        .as(id)
        .isEqualTo(((String) run.get("outcome")).replace('_', ' '));
    assertRatio((String) shown.get("r1h"), want.get("success_ratio_1h"));
    assertRatio((String) shown.get("r24h"), want.get("success_ratio_24h"));
    List<Map<String, Object>> wantTargets = objects(want.get("targets"));
    List<Map<String, Object>> shownTargets = (List<Map<String, Object>>) shown.get("targets");
    assertThat(shownTargets)
        .as(id)
        .extracting(t -> t.get("name"))
        .containsExactly(wantTargets.stream().map(t -> t.get("name")).toArray());
    for (int i = 0; i < wantTargets.size(); i++) {
      Map<String, Object> values = (Map<String, Object>) shownTargets.get(i).get("values");
      List<Map<String, Object>> wantValues = objects(wantTargets.get(i).get("values"));
      assertThat(values.keySet())
          .as(id + " values")
          .containsExactlyInAnyOrder(
              wantValues.stream().map(v -> (String) v.get("name")).toArray(String[]::new));
      for (Map<String, Object> v : wantValues) {
        assertValueShown(
            (String) values.get(v.get("name")),
            (String) v.get("label"),
            (Number) v.get("value"),
            (String) v.get("unit"));
      }
    }
  }

  private static final Pattern NUMBER = Pattern.compile("(-?[0-9.]+)(?: (.+))?");

  /** "RTT 0.0512 ms" shows 0.051234 ms: three significant digits, perhaps in a larger unit. */
  static void assertValueShown(String shown, String label, Number value, String unit) {
    assertThat(shown).startsWith(label + " ");
    String rest = shown.substring(label.length() + 1).replace("\u202f", "");
    if (value == null) {
      assertThat(rest).isEqualTo("–");
      return;
    }
    Matcher m = NUMBER.matcher(rest);
    assertThat(m.matches()).as(shown).isTrue();
    String shownUnit = m.group(2) == null ? "" : m.group(2);
    double factor =
        shownUnit.equals(unit) ? 1 : unit.equals("ms") && shownUnit.equals("s") ? 1000 : 0;
    assertThat(factor).as("unit of %s (the API's: %s)", shown, unit).isPositive();
    double v = value.doubleValue();
    assertThat(Double.parseDouble(m.group(1)) * factor)
        .as(shown)
        .isCloseTo(v, within(Math.max(Math.abs(v) * 0.005, 0.0005)));
  }

  static void assertRatio(String shown, Object ratio) {
    if (ratio == null) {
      assertThat(shown).isEqualTo("–");
      return;
    }
    assertThat(shown).endsWith(" %");
    assertThat(Double.parseDouble(shown.replace(" %", "")))
        .isCloseTo(((Number) ratio).doubleValue() * 100, within(0.1));
  }
}
