package dev.sentinel.plugins.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.plugins.scrape.ExpositionParser.Format;
import dev.sentinel.plugins.scrape.ExpositionParser.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpositionParserTest {
  record Parsed(String name, String type, Map<String, String> labels, double value, long ts) {}

  static List<Parsed> parse(String body, Format format) throws ParseException {
    List<Parsed> out = new ArrayList<>();
    ExpositionParser.parse(
        body,
        format,
        (name, type, names, values, n, value, ts) -> {
          Map<String, String> labels = new TreeMap<>();
          for (int i = 0; i < n; i++) {
            labels.put(names[i], values[i]);
          }
          out.add(new Parsed(name, type, labels, value, ts));
        });
    return out;
  }

  @Test
  void readsTheTextFormatsEdgeCases() throws Exception {
    String body =
        "# HELP http_requests_total The total. With \\\\ and \\n"
            + " in help.\n"
            + "# TYPE http_requests_total counter\n"
            + "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
            + "http_requests_total{method=\"post\",code=\"400\",} 3 1395066363000\n"
            + "\n"
            + "# A comment of any kind\n"
            + "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find"
            + " file:\\n"
            + "\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
            + "metric_without_timestamp_and_labels 12.47\n"
            + "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
            + "nan_gauge NaN\n"
            + "neg_inf{empty=\"\"} -Inf\n"
            + "# TYPE rpc_duration_seconds summary\n"
            + "rpc_duration_seconds{quantile=\"0.5\"} 4773\n"
            + "rpc_duration_seconds_sum 1.7560473e+07\n"
            + "rpc_duration_seconds_count 2693\n"
            + "# TYPE h histogram\n"
            + "h_bucket{le=\"+Inf\"}\t5\r\n";
    List<Parsed> got = parse(body, Format.PROMETHEUS_TEXT);
    assertThat(got).hasSize(11);
    assertThat(got.get(0))
        .isEqualTo(
            new Parsed(
                "http_requests_total",
                "counter",
                Map.of("code", "200", "method", "post"),
                1027,
                1395066363000L));
    assertThat(got.get(1).labels()).containsEntry("code", "400"); // trailing comma
    assertThat(got.get(2).labels())
        .containsEntry("path", "C:\\DIR\\FILE.TXT")
        .containsEntry("error", "Cannot find file:\n\"FILE.TXT\"");
    assertThat(got.get(3))
        .isEqualTo(
            new Parsed(
                "metric_without_timestamp_and_labels",
                "untyped",
                Map.of(),
                12.47,
                ExpositionParser.NO_TIMESTAMP));
    assertThat(got.get(4).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(got.get(4).ts()).isEqualTo(-3982045);
    assertThat(got.get(5).value()).isNaN();
    assertThat(got.get(6).labels()).isEmpty(); // an empty value is no label
    assertThat(got.get(6).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(got.subList(7, 10)).extracting(Parsed::type).containsOnly("summary");
    assertThat(got.get(9).value()).isEqualTo(2693);
    assertThat(got.get(10).type()).isEqualTo("histogram");
    assertThat(got.get(10).labels()).containsEntry("le", "+Inf");
  }

  @Test
  void readsOpenMetricsWithUnitsExemplarsSecondsAndEof() throws Exception {
    String body =
        "# TYPE acme_http_router_request_seconds summary\n"
            + "# UNIT acme_http_router_request_seconds seconds\n"
            + "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request"
            + " router.\n"
            + "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32\n"
            + "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283.0\n"
            + "acme_http_router_request_seconds_created{path=\"/api/v1\",method=\"GET\"}"
            + " 1605281325.0\n"
            + "# TYPE foo counter\n"
            + "foo_total 17.0 1520879607.789 # {id=\"counter-test\"} 5\n"
            + "# TYPE bar unknown\n"
            + "bar 1\n"
            + "# EOF\n";
    List<Parsed> got = parse(body, Format.OPENMETRICS);
    assertThat(got).hasSize(5);
    assertThat(got.get(0).type()).isEqualTo("summary");
    assertThat(got.get(3))
        .isEqualTo(new Parsed("foo_total", "counter", Map.of(), 17, 1520879607789L));
    assertThat(got.get(4).type()).isEqualTo("unknown");
    assertThat(Format.of("application/openmetrics-text; version=1.0.0; charset=utf-8"))
        .isEqualTo(Format.OPENMETRICS);
    assertThat(Format.of("text/plain; version=0.0.4")).isEqualTo(Format.PROMETHEUS_TEXT);
    assertThat(Format.of(null)).isEqualTo(Format.PROMETHEUS_TEXT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "truncated label set | m{a=\"b\" | 1 | expected , or } after the value of label a",
        "unclosed value | m{a=\"b | 1 | the value of label a is not closed with \"",
        "bad escape | m{a=\"\\x\"} 1 | 1 | invalid escape \\x in the value of label a",
        "no value | m{a=\"b\"} | 1 | no value after m",
        "bad value | m 1.2.3x | 1 | invalid value \"1.2.3x\" for m",
        "java-only float | m 1d | 1 | invalid value \"1d\" for m",
        "hex float | m 0x1p3 | 1 | invalid value \"0x1p3\" for m",
        "bad timestamp | m 1 12.5 | 1 | invalid timestamp \"12.5\" (milliseconds since the epoch,"
            + " an integer)",
        "junk after | m 1 2 3 | 1 | unexpected text after the value: \"3\"",
        "bad name | 1m 1 | 1 | expected a metric name",
        "bad label name | m{1a=\"b\"} 1 | 1 | expected a label name",
        "duplicate label | m{a=\"b\",a=\"c\"} 1 | 1 | label a appears twice",
        "unknown type | # TYPE m gauges | 1 | unknown type \"gauges\" for m (known: ",
      })
  void refusesMalformedTextWithTheLine(String what, String line, int lineNo, String message) {
    String body = "ok_metric 1\n" + line.replace("\\\\", "\\") + "\n";
    assertThatThrownBy(() -> parse(body, Format.PROMETHEUS_TEXT))
        .as(what)
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("line " + (lineNo + 1) + ": " + message);
  }

  @Test
  void refusesOpenMetricsWithoutEofOrWithSomethingAfterIt() {
    assertThatThrownBy(() -> parse("# TYPE a gauge\na 1\n", Format.OPENMETRICS))
        .hasMessage("line 3: the body does not end with # EOF (truncated?)");
    assertThatThrownBy(() -> parse("a 1\n# EOF\na 2\n", Format.OPENMETRICS))
        .hasMessage("line 3: nothing may follow # EOF");
    assertThatThrownBy(() -> parse("a 1\n\n# EOF\n", Format.OPENMETRICS))
        .hasMessage("line 2: empty line (not allowed in OpenMetrics)");
    assertThatThrownBy(() -> parse("# TYPE a gauge\n# TYPE a counter\n", Format.PROMETHEUS_TEXT))
        .hasMessage("line 2: second TYPE line for a");
    assertThatThrownBy(() -> parse("a 1\n# TYPE a gauge\n", Format.PROMETHEUS_TEXT))
        .hasMessage("line 2: TYPE line for a after its samples");
  }

  @Test
  void aLongBodyIsReadInOnePass() throws Exception {
    StringBuilder sb = new StringBuilder("# TYPE node_x counter\n");
    for (int i = 0; i < 100_000; i++) {
      sb.append("node_x_total{cpu=\"")
          .append(i % 64)
          .append("\",mode=\"idle\"} ")
          .append(i)
          .append('\n');
    }
    int[] n = {0};
    assertThat(
            ExpositionParser.parse(
                sb.toString(), Format.PROMETHEUS_TEXT, (name, t, ns, vs, c, v, ts) -> n[0]++))
        .isEqualTo(100_000);
    assertThat(n[0]).isEqualTo(100_000);
  }
}
