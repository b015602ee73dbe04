package dev.sentinel.plugins.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.config.YamlReader;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelabelTest {
  private static final String FILE = "relabel.yaml";

  /** The problems of reading {@code metric_relabel:} followed by {@code rules}, as a file would. */
  private static List<String> errors(String rules) {
    Problems problems = new Problems(FILE);
    Section options = new Section("", new YamlReader(FILE, problems).read(yaml(rules)), problems);
    Relabel.read(options);
    options.finish();
    return problems.errors();
  }

  private static Relabel rules(String rules) {
    Problems problems = new Problems(FILE);
    Section options = new Section("", new YamlReader(FILE, problems).read(yaml(rules)), problems);
    Relabel relabel = Relabel.read(options);
    options.finish();
    assertThat(problems.errors()).as("config errors").isEmpty();
    return relabel;
  }

  private static String yaml(String rules) {
    return "metric_relabel:\n" + rules;
  }

  /** A series named {@code m} with these label names and values. */
  private static Map<String, String> series(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("__name__", "m");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Arguments example(
      String name, String rules, Map<String, String> in, Map<String, String> out) {
    return Arguments.of(name, rules, in, out);
  }

  // The cases of Prometheus' own model/relabel/relabel_test.go (TestRelabel), each series with a
  // __name__ added, written here as the YAML a user would write.
  static Stream<Arguments> prometheusExamples() {
    Map<String, String> abc = series("a", "foo", "b", "bar", "c", "baz");
    Map<String, String> ports = series("__tmp_port", "1234", "__port1", "1234", "__port2", "5678");
    Map<String, String> b12 = series("a", "foo", "b1", "bar", "b2", "baz");
    String someName = "  regex: some-([^-]+)-([^,]+)\n";
    return Stream.of(
        example(
            "replace with ${1} twice",
            """
            - source_labels: [a]
              regex: f(.*)
              target_label: d
              replacement: ch${1}-ch${1}
            """,
            abc,
            series("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
        example(
            "replace twice, the second reading the first's result",
            """
            - source_labels: [a, b]
              regex: f(.*);(.*)r
              target_label: a
              replacement: b${1}${2}m
            - source_labels: [c, a]
              regex: (b).*b(.*)ba(.*)
              target_label: d
              replacement: $1$2$2$3
            """,
            abc,
            series("a", "boobam", "b", "bar", "c", "baz", "d", "boooom")),
        example(
            "drop before a replace",
            """
            - source_labels: [a]
              regex: .*o.*
              action: drop
            - source_labels: [a]
              regex: f(.*)
              target_label: d
              replacement: ch$1-ch$1
            """,
            series("a", "foo"),
            null),
        example(
            "drop on a match",
            "- {source_labels: [a], regex: .*o.*, action: drop}\n",
            series("a", "foo", "b", "bar"),
            null),
        example(
            "replace with a group in the middle",
            "- {source_labels: [a], regex: '.*(b).*', target_label: d, replacement: $1}\n",
            series("a", "abc"),
            series("a", "abc", "d", "b")),
        example(
            "drop without a match",
            "- {source_labels: [a], regex: no-match, action: drop}\n",
            series("a", "foo"),
            series("a", "foo")),
        example(
            "drop: the regex is anchored, f|o does not match foo",
            "- {source_labels: [a], regex: f|o, action: drop}\n",
            series("a", "foo"),
            series("a", "foo")),
        example(
            "keep without a match",
            "- {source_labels: [a], regex: no-match, action: keep}\n",
            series("a", "foo"),
            null),
        example(
            "keep on a match",
            "- {source_labels: [a], regex: f.*, action: keep}\n",
            series("a", "foo"),
            series("a", "foo")),
        example(
            "replace: no match, no replacement",
            "- {source_labels: [a], regex: f, target_label: b, replacement: bar}\n",
            series("a", "boo"),
            series("a", "boo")),
        example(
            "hashmod",
            "- {source_labels: [c], target_label: d, action: hashmod, modulus: 1000}\n",
            abc,
            series("a", "foo", "b", "bar", "c", "baz", "d", "976")),
        example(
            "hashmod of a value with a newline",
            "- {source_labels: [a], target_label: b, action: hashmod, modulus: 1000}\n",
            series("a", "foo\nbar"),
            series("a", "foo\nbar", "b", "734")),
        example(
            "labelmap with a prefix",
            "- {regex: (b.*), replacement: 'bar_${1}', action: labelmap}\n",
            b12,
            series("a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz")),
        example(
            "labelmap of __meta_ labels",
            "- {regex: __meta_(my.*), replacement: '${1}', action: labelmap}\n",
            series("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "c"),
            series(
                "a",
                "foo",
                "__meta_my_bar",
                "aaa",
                "__meta_my_baz",
                "bbb",
                "__meta_other",
                "c",
                "my_bar",
                "aaa",
                "my_baz",
                "bbb")),
        example(
            "replace with the target name from a group",
            "- source_labels: [a]\n" + someName + "  target_label: ${1}\n  replacement: ${2}\n",
            series("a", "some-name-value"),
            series("a", "some-name-value", "name", "value")),
        example(
            "replace: a missing group expands to nothing, so nothing is set",
            "- source_labels: [a]\n" + someName + "  target_label: ${1}\n  replacement: ${3}\n",
            series("a", "some-name-value"),
            series("a", "some-name-value")),
        example(
            "replace: a target name that expands to nothing is skipped",
            "- source_labels: [a]\n" + someName + "  target_label: ${3}\n  replacement: ${1}\n",
            series("a", "some-name-0"),
            series("a", "some-name-0")),
        example(
            "replace from service discovery tags",
            """
            - source_labels: [__meta_sd_tags]
              regex: '(?:.+,|^)path:(/[^,]+).*'
              target_label: __metrics_path__
              replacement: ${1}
            - source_labels: [__meta_sd_tags]
              regex: '(?:.+,|^)job:([^,]+).*'
              target_label: job
              replacement: ${1}
            - source_labels: [__meta_sd_tags]
              regex: '(?:.+,|^)label:([^=]+)=([^,]+).*'
              target_label: ${1}
              replacement: ${2}
            """,
            series("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar"),
            series(
                "__meta_sd_tags",
                "path:/secret,job:some-job,label:foo=bar",
                "__metrics_path__",
                "/secret",
                "job",
                "some-job",
                "foo",
                "bar")),
        example(
            "labeldrop, replace, keep (Prometheus issue 12283)",
            """
            - regex: ^__meta_kubernetes_pod_container_port_name$
              action: labeldrop
            - source_labels: [__meta_kubernetes_pod_annotation_XXX_metrics_port]
              regex: (.+)
              target_label: __meta_kubernetes_pod_container_port_name
              replacement: metrics
            - source_labels: [__meta_kubernetes_pod_container_port_name]
              regex: ^metrics$
              action: keep
            """,
            series(
                "__meta_kubernetes_pod_container_port_name", "foo",
                "__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091"),
            series(
                "__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091",
                "__meta_kubernetes_pod_container_port_name", "metrics")),
        example(
            "labelkeep (__name__ kept too, or the series is gone)",
            "- {regex: __name__|(b.*), action: labelkeep}\n",
            b12,
            series("b1", "bar", "b2", "baz")),
        example(
            "labelkeep that drops __name__ drops the series",
            "- {regex: (b.*), action: labelkeep}\n",
            b12,
            null),
        example("labeldrop", "- {regex: (b.*), action: labeldrop}\n", b12, series("a", "foo")),
        example(
            "uppercase and lowercase",
            """
            - {source_labels: [foo], action: uppercase, target_label: foo_uppercase}
            - {source_labels: [foo], action: lowercase, target_label: foo_lowercase}
            """,
            series("foo", "bAr123Foo"),
            series("foo", "bAr123Foo", "foo_lowercase", "bar123foo", "foo_uppercase", "BAR123FOO")),
        example(
            "keepequal on equal values",
            "- {source_labels: [__tmp_port], action: keepequal, target_label: __port1}\n",
            ports,
            ports),
        example(
            "dropequal on equal values",
            "- {source_labels: [__tmp_port], action: dropequal, target_label: __port1}\n",
            ports,
            null),
        example(
            "dropequal on different values",
            "- {source_labels: [__tmp_port], action: dropequal, target_label: __port2}\n",
            ports,
            ports),
        example(
            "keepequal on different values",
            "- {source_labels: [__tmp_port], action: keepequal, target_label: __port2}\n",
            ports,
            null));
  }

  static Stream<Arguments> moreCases() {
    return Stream.of(
        example(
            "defaults: regex (.*), replacement $1, action replace copy a label",
            "- {source_labels: [a], target_label: b}\n",
            series("a", "x"),
            series("a", "x", "b", "x")),
        example(
            "defaults: copying an absent label deletes the target (empty value)",
            "- {source_labels: [missing], target_label: a}\n",
            series("a", "x"),
            series()),
        example(
            "separator joins the source values",
            "- {source_labels: [a, b, missing], separator: '-', target_label: c}\n",
            series("a", "x", "b", "y"),
            series("a", "x", "b", "y", "c", "x-y-")),
        example(
            "replace rewrites __name__",
            "- {source_labels: [__name__], regex: 'node_(.*)', target_label: __name__,"
                + " replacement: host_$1}\n",
            Map.of("__name__", "node_load1"),
            Map.of("__name__", "host_load1")),
        example(
            "an empty __name__ drops the series",
            "- {source_labels: [__name__], target_label: __name__, replacement: ''}\n",
            series(),
            null),
        example(
            "anchoring: o does not match foo",
            "- {source_labels: [a], regex: o, target_label: b, replacement: hit}\n",
            series("a", "foo"),
            series("a", "foo")),
        example(
            "anchoring: foo does not match foo and a newline (Go's $ is the end)",
            "- {source_labels: [a], regex: foo, action: keep}\n",
            series("a", "foo\n"),
            null),
        example(
            "(.*) takes a carriage return, as '.' does in Go",
            "- {source_labels: [a], target_label: b}\n",
            series("a", "x\ry"),
            series("a", "x\ry", "b", "x\ry")),
        example(
            "(.*) does not take a newline, so nothing is copied",
            "- {source_labels: [a], target_label: b}\n",
            series("a", "x\ny"),
            series("a", "x\ny")),
        example(
            "$10 is group 10",
            "- {source_labels: [a], regex: (a)(b)(c)(d)(e)(f)(g)(h)(i)(j), target_label: b,"
                + " replacement: $10}\n",
            series("a", "abcdefghij"),
            series("a", "abcdefghij", "b", "j")),
        example(
            "${1}0 is group 1 and a 0",
            "- {source_labels: [a], regex: (a)(b)(c)(d)(e)(f)(g)(h)(i)(j), target_label: b,"
                + " replacement: '${1}0'}\n",
            series("a", "abcdefghij"),
            series("a", "abcdefghij", "b", "a0")),
        example(
            "$10 without ten groups is empty, so the target is deleted",
            "- {source_labels: [a], regex: (.*), target_label: b, replacement: $10}\n",
            series("a", "x", "b", "old"),
            series("a", "x")),
        example(
            "$1_x is the group named 1_x (none), ${1}_x is group 1 and _x",
            """
            - {source_labels: [a], target_label: b, replacement: $1_x}
            - {source_labels: [a], target_label: c, replacement: '${1}_x'}
            """,
            series("a", "v", "b", "old"),
            series("a", "v", "c", "v_x")),
        example(
            "${name} is a named group, an unknown name is empty",
            "- {source_labels: [a], regex: '(?<host>[^:]+):(?<port>\\d+)', target_label: b,"
                + " replacement: '${port}/${host}/${nope}/$host'}\n",
            series("a", "db:5432"),
            series("a", "db:5432", "b", "5432/db//db")),
        example(
            "$0 is the whole match, $$ a dollar, a lone or unclosed $ stays as written",
            "- {source_labels: [a], regex: 'b(.)', target_label: b,"
                + " replacement: '$0 $$1 $ ${1 $-'}\n",
            series("a", "bc"),
            series("a", "bc", "b", "bc $1 $ ${1 $-")),
        example(
            "a group that took no part expands to nothing",
            "- {source_labels: [a], regex: '(x)?(y)', target_label: b, replacement: '[$1|$2]'}\n",
            series("a", "y"),
            series("a", "y", "b", "[|y]")),
        example(
            "replace: a target expanding to an invalid name is skipped",
            "- {source_labels: [a], target_label: $1}\n",
            series("a", "1abc"),
            series("a", "1abc")),
        example(
            "replace: the target name from a group",
            "- {source_labels: [a], regex: '(\\w+)=(\\w+)', target_label: 'k_$1', replacement:"
                + " $2}\n",
            series("a", "zone=eu"),
            series("a", "zone=eu", "k_zone", "eu")),
        example(
            "labelmap skips a name that is not valid",
            "- {regex: __meta_(.*), replacement: $1, action: labelmap}\n",
            series("__meta_9x", "a", "__meta_ok", "b"),
            series("__meta_9x", "a", "__meta_ok", "b", "ok", "b")),
        example(
            "labeldrop __name__ drops the series",
            "- {regex: __name__, action: labeldrop}\n",
            series("a", "x"),
            null),
        example(
            "lowercase of an absent label deletes the target",
            "- {source_labels: [missing], target_label: a, action: lowercase}\n",
            series("a", "X"),
            series()),
        example(
            "action is case-insensitive, as in Prometheus",
            "- {source_labels: [a], regex: x, action: DROP}\n",
            series("a", "x"),
            null),
        example(
            "(?i) folds case beyond ASCII",
            "- {source_labels: [a], regex: '(?i)ÄRGER', action: keep}\n",
            series("a", "ärger"),
            series("a", "ärger")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"prometheusExamples", "moreCases"})
  void appliesTheRules(
      String name, String rules, Map<String, String> in, Map<String, String> expected) {
    Map<String, String> before = Map.copyOf(in);
    TreeMap<String, String> out = rules(rules).apply(in);
    if (expected == null) {
      assertThat(out).isNull();
    } else {
      assertThat(out).containsExactlyEntriesOf(new TreeMap<>(expected));
    }
    assertThat(in).as("input untouched").isEqualTo(before);
  }

  // Expected values: Prometheus' relabel_test.go has baz mod 1000 = 976 and "foo\nbar" mod 1000 =
  // 734 (above); the rest were computed outside this code with Python, following Prometheus'
  // algorithm: int(hashlib.md5(value.encode()).hexdigest()[16:], 16) % modulus. The python gives
  // 976 and 734 for those two as well.
  @ParameterizedTest(name = "hashmod of \"{0}\" by {1} is {2}")
  @MethodSource
  void hashmodMatchesPrometheus(String value, String modulus, String expected) {
    Relabel relabel =
        rules(
            "- {source_labels: [v], target_label: h, action: hashmod, modulus: " + modulus + "}\n");
    Map<String, String> in = value.isEmpty() ? series() : series("v", value);
    assertThat(relabel.apply(in)).containsEntry("h", expected);
  }

  static Stream<Arguments> hashmodMatchesPrometheus() {
    return Stream.of(
        Arguments.of("baz", "1000", "976"),
        Arguments.of("foo\nbar", "1000", "734"),
        Arguments.of("", "1000", "958"),
        Arguments.of("10.0.0.1:9100", "3", "2"),
        Arguments.of("node-1", "10", "2"),
        Arguments.of("x", "18446744073709551615", "17710500428000290726"),
        Arguments.of("x", "9223372036854775809", "8487128391145514917"));
  }

  @Test
  void hashmodJoinsSourcesWithTheSeparator() {
    Relabel relabel =
        rules("- {source_labels: [a, b], target_label: h, action: hashmod, modulus: 16}\n");
    // md5("a;b") ends in ...0bf46f2ebd0a; mod 16 = 10 (Python, as above)
    assertThat(relabel.apply(series("a", "a", "b", "b"))).containsEntry("h", "10");
  }

  @Test
  void absentListIsNone() {
    Problems problems = new Problems(FILE);
    Relabel relabel = Relabel.read(Section.of("", Map.of(), problems));
    assertThat(relabel).isSameAs(Relabel.NONE);
    assertThat(relabel.isEmpty()).isTrue();
    assertThat(relabel.size()).isZero();
    assertThat(problems.errors()).isEmpty();
    assertThat(rules("  []\n").isEmpty()).isTrue();
  }

  @Test
  void countsTheRules() {
    Relabel relabel =
        rules("- {regex: a, action: labeldrop}\n- {source_labels: [a], action: drop}\n");
    assertThat(relabel.isEmpty()).isFalse();
    assertThat(relabel.size()).isEqualTo(2);
  }

  @Test
  void noRulesStillSortsDropsEmptyValuesAndNeedsAName() {
    Map<String, String> in = new HashMap<>(series("b", "2", "a", "1", "e", ""));
    assertThat(Relabel.NONE.apply(in))
        .containsExactly(Map.entry("__name__", "m"), Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(Relabel.NONE.apply(Map.of("a", "1"))).isNull();
    assertThat(Relabel.NONE.apply(Map.of("__name__", ""))).isNull();
  }

  @Test
  void oneInstanceServesManyThreads() {
    Relabel relabel =
        rules(
            """
            - {source_labels: [i], regex: '(\\d*)7', action: drop}
            - {source_labels: [i], regex: '(\\d+)', target_label: j, replacement: 'n$1'}
            - {source_labels: [i], target_label: h, action: hashmod, modulus: 7}
            - {regex: '(i)', replacement: 'copy_$1', action: labelmap}
            """);
    List<String> results =
        IntStream.range(0, 2000)
            .parallel()
            .mapToObj(i -> String.valueOf(relabel.apply(series("i", String.valueOf(i)))))
            .toList();
    List<String> serial =
        IntStream.range(0, 2000)
            .mapToObj(i -> String.valueOf(relabel.apply(series("i", String.valueOf(i)))))
            .toList();
    assertThat(results).isEqualTo(serial);
    assertThat(serial.get(17)).isEqualTo("null");
    assertThat(serial.get(12)).startsWith("{__name__=m, copy_i=12, h=").endsWith(", i=12, j=n12}");
  }

  // Target names Prometheus' relabelTarget accepts (TestTargetLabelValidity).
  @ParameterizedTest
  @ValueSource(
      strings = {
        "label",
        "label${1}",
        "${1}label",
        "${1}",
        "$1",
        "asd$2asd",
        "_${1}_",
        "foo${bar}foo"
      })
  void acceptsTargetTemplatesPrometheusAccepts(String target) {
    assertThat(errors("- {source_labels: [a], target_label: '" + target + "'}\n")).isEmpty();
  }

  @Test
  void acceptsDefaultValuesWhereAKeyIsNotAllowed() {
    // Prometheus compares with the defaults, so these are accepted there too.
    assertThat(
            errors(
                """
                - {regex: a, action: labeldrop, separator: ';', replacement: $1, modulus: 0,\
                 target_label: ''}
                - {source_labels: [a], target_label: b, action: keepequal, separator: ';'}
                - {source_labels: [a], target_label: b, action: lowercase, replacement: $1}
                """))
        .isEmpty();
  }

  static Stream<Arguments> badRules() {
    String known =
        "(replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep,"
            + " lowercase, uppercase)";
    String name = "([a-zA-Z_][a-zA-Z0-9_]*)";
    String template =
        "([a-zA-Z_][a-zA-Z0-9_]*, where $1, ${1} or ${name} may stand for a regex group)";
    String u64 = "(0 to 18446744073709551615)";
    String r = FILE + ":2: metric_relabel[0].";
    return Stream.of(
        Arguments.of("  drop\n", FILE + ":2: metric_relabel: must be a list"),
        Arguments.of(
            "- drop\n", FILE + ":2: metric_relabel[0]: must be a mapping of keys to values"),
        Arguments.of(
            "- {action: drop, regexp: x}\n", r + "regexp: unknown key (did you mean regex?)"),
        Arguments.of(
            "- {action: rename}\n", r + "action: \"rename\" is not a relabel action " + known),
        Arguments.of(
            "- {source_labels: [a]}\n", r + "target_label: is required for action replace"),
        Arguments.of(
            "- {source_labels: [a], action: hashmod, modulus: 2}\n",
            r + "target_label: is required for action hashmod"),
        Arguments.of(
            "- {action: lowercase}\n", r + "target_label: is required for action lowercase"),
        Arguments.of(
            "- {action: uppercase}\n", r + "target_label: is required for action uppercase"),
        Arguments.of(
            "- {action: keepequal}\n", r + "target_label: is required for action keepequal"),
        Arguments.of(
            "- {action: dropequal}\n", r + "target_label: is required for action dropequal"),
        Arguments.of(
            "- {target_label: h, action: hashmod}\n",
            r + "modulus: is required for action hashmod (a whole number above 0)"),
        Arguments.of(
            "- {target_label: h, action: hashmod, modulus: 0}\n",
            r + "modulus: must be above 0 for action hashmod"),
        Arguments.of(
            "- {target_label: h, action: hashmod, modulus: -1}\n",
            r + "modulus: -1 is out of range " + u64),
        Arguments.of(
            "- {target_label: h, action: hashmod, modulus: 18446744073709551616}\n",
            r + "modulus: 18446744073709551616 is out of range " + u64),
        Arguments.of(
            "- {target_label: h, action: hashmod, modulus: ten}\n",
            r + "modulus: \"ten\" is not a whole number"),
        Arguments.of(
            "- {regex: '(', action: drop}\n",
            r + "regex: \"(\" is not a valid regular expression (Unclosed group)"),
        Arguments.of(
            "- {regex: '(?P<x>a)', action: drop}\n",
            r
                + "regex: \"(?P<x>a)\" is not a valid regular expression (Unknown inline modifier;"
                + " write a named group as (?<name>...))"),
        Arguments.of(
            "- {source_labels: [a], target_label: '-${3}'}\n",
            r + "target_label: \"-${3}\" is not a valid label name template " + template),
        Arguments.of(
            "- {source_labels: [a], target_label: '0${3}'}\n",
            r + "target_label: \"0${3}\" is not a valid label name template " + template),
        Arguments.of(
            "- {source_labels: [a], target_label: 'foo${'}\n",
            r + "target_label: \"foo${\" is not a valid label name template " + template),
        Arguments.of(
            "- {source_labels: [a], target_label: '$'}\n",
            r + "target_label: \"$\" is not a valid label name template " + template),
        Arguments.of(
            "- {source_labels: [a], target_label: '${}'}\n",
            r + "target_label: \"${}\" is not a valid label name template " + template),
        Arguments.of(
            "- {source_labels: [a], target_label: a-b}\n",
            r + "target_label: \"a-b\" is not a valid label name " + name),
        Arguments.of(
            "- {source_labels: [a], target_label: 1x, action: lowercase}\n",
            r + "target_label: \"1x\" is not a valid label name " + name),
        Arguments.of(
            "- {source_labels: [a], target_label: '${1}', action: hashmod, modulus: 2}\n",
            r
                + "target_label: \"${1}\" is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*; only"
                + " action replace expands $ groups)"),
        Arguments.of(
            "- {source_labels: [a], target_label: b, action: lowercase, replacement: x}\n",
            r + "replacement: is not allowed with action lowercase"),
        Arguments.of(
            "- {source_labels: [a], target_label: b, action: uppercase, replacement: ''}\n",
            r + "replacement: is not allowed with action uppercase"),
        Arguments.of(
            "- {source_labels: [a], target_label: b, action: keepequal, regex: (.*)}\n",
            r
                + "regex: is not allowed with action keepequal (it takes only source_labels and"
                + " target_label)"),
        Arguments.of(
            "- {source_labels: [a], target_label: b, action: dropequal, separator: ','}\n",
            r
                + "separator: is not allowed with action dropequal (it takes only source_labels"
                + " and target_label)"),
        Arguments.of(
            "- {source_labels: [a], target_label: b, action: dropequal, modulus: 3}\n",
            r
                + "modulus: is not allowed with action dropequal (it takes only source_labels and"
                + " target_label)"),
        Arguments.of(
            "- {regex: a, action: labeldrop, source_labels: [a]}\n",
            r + "source_labels: is not allowed with action labeldrop (it takes only regex)"),
        Arguments.of(
            "- {regex: a, action: labelkeep, target_label: b}\n",
            r + "target_label: is not allowed with action labelkeep (it takes only regex)"),
        Arguments.of(
            "- {regex: a, action: labelkeep, replacement: b}\n",
            r + "replacement: is not allowed with action labelkeep (it takes only regex)"),
        Arguments.of(
            "- {regex: a, action: labeldrop, separator: ','}\n",
            r + "separator: is not allowed with action labeldrop (it takes only regex)"),
        Arguments.of(
            "- {regex: a, action: labeldrop, modulus: 4}\n",
            r + "modulus: is not allowed with action labeldrop (it takes only regex)"),
        Arguments.of(
            "- {regex: (.*), action: labelmap, replacement: 'a-$1'}\n",
            r + "replacement: \"a-$1\" is not a valid label name template " + template),
        Arguments.of(
            "- {regex: (.*), action: labelmap, replacement: ''}\n",
            r + "replacement: \"\" is not a valid label name template " + template),
        Arguments.of(
            "- {source_labels: [a, a-b], action: drop}\n",
            r + "source_labels[1]: \"a-b\" is not a valid label name " + name),
        Arguments.of("- {source_labels: a, action: drop}\n", r + "source_labels: must be a list"),
        Arguments.of(
            "- {source_labels: [[a]], action: drop}\n",
            r + "source_labels[0]: must be a valid label name " + name),
        Arguments.of(
            "- {separator: [a], source_labels: [a], action: drop}\n",
            r + "separator: must be a single value, not a list"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource
  void badRules(String rules, String expected) {
    assertThat(errors(rules)).containsExactly(expected);
  }

  @Test
  void reportsEveryProblemAtItsLine() {
    List<String> errors =
        errors(
            """
            - source_labels: [a]
              regex: '(a'
              target_label: b
            - action: hashmod
              source_labels: [a]
            - {action: nope}
            """);
    assertThat(errors)
        .containsExactly(
            FILE
                + ":3: metric_relabel[0].regex: \"(a\" is not a valid regular expression (Unclosed"
                + " group)",
            FILE + ":5: metric_relabel[1].target_label: is required for action hashmod",
            FILE
                + ":5: metric_relabel[1].modulus: is required for action hashmod (a whole number"
                + " above 0)",
            FILE
                + ":7: metric_relabel[2].action: \"nope\" is not a relabel action (replace, keep,"
                + " drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep,"
                + " lowercase, uppercase)");
  }

  @Test
  void badRulesGiveNoRules() {
    Problems problems = new Problems(FILE);
    Section options =
        Section.of(
            "",
            Map.of("metric_relabel", List.of(Map.of("action", "drop"), Map.of("action", "x"))),
            problems);
    assertThat(Relabel.read(options)).isSameAs(Relabel.NONE);
    assertThat(problems.errors()).hasSize(1);
  }
}
