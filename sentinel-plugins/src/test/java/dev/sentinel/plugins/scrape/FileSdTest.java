package dev.sentinel.plugins.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.plugins.scrape.FileSd.TargetGroup;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileSdTest {
  private static final String P = "test.yaml: tasks[0].config.file_sd.";
  private static final String GOOD = "[{\"targets\": [\"a:9100\"]}]\n";

  @TempDir Path dir;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<String> reported = new ArrayList<>();
  private long mtime = 1_700_000_000_000L;

  private FileSd fileSd(String... patterns) {
    return fileSd(Map.of("files", List.of(patterns)));
  }

  private FileSd fileSd(Map<String, ?> options) {
    Problems problems = new Problems("test.yaml");
    FileSd sd = FileSd.read(config(options, problems), nanos::get);
    assertThat(problems.errors()).isEmpty();
    return sd;
  }

  private static Section config(Object fileSd, Problems problems) {
    Section options = Section.of("tasks[0].config", Map.of(FileSd.KEY, fileSd), problems);
    return options;
  }

  private static List<String> configErrors(Object fileSd) {
    Problems problems = new Problems("test.yaml");
    Section options = config(fileSd, problems);
    FileSd.read(options);
    options.finish();
    return problems.errors();
  }

  private List<TargetGroup> groups(FileSd sd) {
    return sd.groups(reported::add);
  }

  /** Writes {@code content} with a modification time later than any before. */
  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    mtime += 10_000;
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    return file;
  }

  /** Rewrites {@code file} keeping its size and modification time: stat sees no change. */
  private static void writeUnseen(Path file, String content) throws IOException {
    FileTime before = Files.getLastModifiedTime(file);
    assertThat(content).hasSize((int) Files.size(file));
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, before);
  }

  private static TargetGroup group(Path file, int i, List<String> targets, Map<String, String> l) {
    return new TargetGroup(file + ":" + i, targets, l);
  }

  @Test
  void readsJsonAndYamlGroups() throws IOException {
    // tab-indented, as Go's json.MarshalIndent writes it
    Path json =
        write(
            "a.json",
            "[\n\t{\n\t\t\"targets\": [\"10.0.0.1:9100\", \"[::1]:9100\"],\n"
                + "\t\t\"labels\": {\"env\": \"prod\", \"__metrics_path__\": \"/probe\"}\n\t},\n"
                + "\t{\"targets\": [\"node\"]}\n]\n");
    Path yaml =
        write(
            "b.yml",
            """
            - targets:
                - db.lan:9187
                - "[fe80::1%eth0]:9100"
              labels:
                role: db
                __param_module: pg
            """);

    List<TargetGroup> groups = groups(fileSd(dir + "/*.json", dir + "/*.yml"));

    assertThat(groups)
        .containsExactly(
            group(
                json,
                0,
                List.of("10.0.0.1:9100", "[::1]:9100"),
                Map.of("env", "prod", "__metrics_path__", "/probe")),
            group(json, 1, List.of("node"), Map.of()),
            group(
                yaml,
                0,
                List.of("db.lan:9187", "[fe80::1%eth0]:9100"),
                Map.of("role", "db", "__param_module", "pg")));
    assertThat(reported).isEmpty();
  }

  @Test
  void anEmptyListHasNoTargets() throws IOException {
    write("empty.json", "[]");
    write("empty.yaml", "[]\n");

    assertThat(groups(fileSd(dir + "/*.json", dir + "/*.yaml"))).isEmpty();
    assertThat(reported).isEmpty();
  }

  @Test
  void globPicksUpANewFileAndDropsADeletedOne() throws IOException {
    Path a = write("a.json", GOOD);
    write("a.yml", "- targets: [other:1]\n");
    write("sub/c.json", "[{\"targets\": [\"deeper:1\"]}]");
    FileSd sd = fileSd(dir + "/*.json");
    assertThat(groups(sd)).extracting(TargetGroup::source).containsExactly(a + ":0");

    Path b = write("b.json", "[{\"targets\": [\"b:9100\"]}]");
    assertThat(groups(sd)).extracting(TargetGroup::source).containsExactly(a + ":0", b + ":0");

    Files.delete(a);
    assertThat(groups(sd)).extracting(TargetGroup::targets).containsExactly(List.of("b:9100"));
    assertThat(reported).isEmpty();
  }

  @Test
  void globTakesQuestionMarksAndClasses() throws IOException {
    for (String name : List.of("a1.json", "b2.json", "c.json", "ab.json")) {
      write(name, "[{\"targets\": [\"" + name.substring(0, name.indexOf('.')) + "\"]}]");
    }

    assertThat(groups(fileSd(dir + "/[ab]?.json")))
        .flatExtracting(TargetGroup::targets)
        .containsExactly("a1", "ab", "b2");
    assertThat(groups(fileSd(dir + "/[^a-b]*.json")))
        .flatExtracting(TargetGroup::targets)
        .containsExactly("c");
  }

  @Test
  void aFileThatDoesNotExistYetIsPickedUpWhenItDoes() throws IOException {
    FileSd sd = fileSd(dir + "/later.json", dir + "/nodir/*.json");
    assertThat(groups(sd)).isEmpty();

    write("later.json", GOOD);

    assertThat(groups(sd)).flatExtracting(TargetGroup::targets).containsExactly("a:9100");
    assertThat(reported).isEmpty();
  }

  @Test
  void rereadsAFileWhoseContentChanged() throws IOException {
    FileSd sd = fileSd(dir + "/*.json");
    write("t.json", GOOD);
    assertThat(groups(sd)).flatExtracting(TargetGroup::targets).containsExactly("a:9100");

    write("t.json", "[{\"targets\": [\"b:9100\", \"c:9100\"]}]");

    assertThat(groups(sd)).flatExtracting(TargetGroup::targets).containsExactly("b:9100", "c:9100");
  }

  @Test
  void doesNotRereadAnUnchangedFileUntilTheRefreshInterval() throws IOException {
    FileSd sd = fileSd(Map.of("files", List.of(dir + "/*.json"), "refresh_interval", "1m"));
    Path file = write("t.json", GOOD);
    assertThat(groups(sd)).flatExtracting(TargetGroup::targets).containsExactly("a:9100");

    // Broken, but the same size and time: a call that read it would report it.
    writeUnseen(file, GOOD.replace('[', '{'));
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    for (int i = 0; i < 3; i++) {
      assertThat(groups(sd)).flatExtracting(TargetGroup::targets).containsExactly("a:9100");
    }
    assertThat(reported).isEmpty();

    writeUnseen(file, GOOD.replace("a:", "b:"));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(groups(sd)).flatExtracting(TargetGroup::targets).containsExactly("b:9100");
    assertThat(reported).isEmpty();
  }

  @Test
  void aBadFileIsReportedOnceWithItsLineAndKeepsItsLastGoodGroups() throws IOException {
    FileSd sd = fileSd(dir + "/*.json");
    Path file = write("t.json", GOOD);
    List<TargetGroup> good = groups(sd);

    write("t.json", "[\n  {\n    \"targets\": [\"a:1\", \"b:2\", \"http://x\"]\n  }\n]\n");
    for (int i = 0; i < 3; i++) {
      assertThat(groups(sd)).isEqualTo(good);
    }
    nanos.addAndGet(FileSd.DEFAULT_REFRESH.toNanos()); // read again, the same problem
    assertThat(groups(sd)).isEqualTo(good);
    assertThat(reported)
        .containsExactly(file + ":3: [0].targets[2]: \"http://x\" is not host:port");

    write("t.json", "[\n  {\"targets\": [\"a:1\"],\n   \"labels\": {\"bad-name\": \"x\"}}\n]\n");
    assertThat(groups(sd)).isEqualTo(good);
    assertThat(groups(sd)).isEqualTo(good);
    assertThat(reported)
        .hasSize(2)
        .last()
        .isEqualTo(
            file
                + ":3: [0].labels.bad-name: \"bad-name\" is not a valid label name"
                + " ([a-zA-Z_][a-zA-Z0-9_]*)");

    write("t.json", GOOD.replace("a:", "c:"));
    assertThat(groups(sd)).flatExtracting(TargetGroup::targets).containsExactly("c:9100");
    write("t.json", "[\n  {\n    \"targets\": [\"a:1\", \"b:2\", \"http://x\"]\n  }\n]\n");
    assertThat(groups(sd)).flatExtracting(TargetGroup::targets).containsExactly("c:9100");
    assertThat(reported).hasSize(3).last().isEqualTo(reported.get(0));
  }

  @Test
  void aBadFileNeverSeenGoodGivesNoGroupsButTheOthersStill() throws IOException {
    Path bad = write("a.json", "[{\"targets\": \"a:1\"}]");
    write("b.json", GOOD);

    assertThat(groups(fileSd(dir + "/*.json")))
        .flatExtracting(TargetGroup::targets)
        .containsExactly("a:9100");
    assertThat(reported).containsExactly(bad + ":1: [0].targets: must be a list");
  }

  @Test
  void aFileOverTheLimitIsRefusedAndKeepsItsLastGoodGroups() throws IOException {
    FileSd sd = fileSd(dir + "/*.json");
    Path file = write("t.json", GOOD);
    List<TargetGroup> good = groups(sd);

    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(FileSd.MAX_FILE_BYTES + 1);
    }

    assertThat(groups(sd)).isEqualTo(good);
    assertThat(groups(sd)).isEqualTo(good);
    assertThat(reported).containsExactly(file + ": is larger than 8MiB, not read");
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(
            "t.json",
            "[\n  {\"targets\": [\"a:1\"]\n]\n",
            ":3: YAML syntax error: expected ',' or '}', but got ] (while parsing a flow mapping)"),
        Arguments.of("t.json", " \n", ": is empty (write [] for no targets)"),
        Arguments.of(
            "t.json",
            "{\"targets\": [\"a:1\"]}",
            ":1: must be a list of target groups ([{targets: [...], labels: {...}}])"),
        Arguments.of(
            "t.yml",
            "- targets: [a:1]\n- a:1\n",
            ":2: [1]: must be a mapping with targets and labels"),
        Arguments.of(
            "t.yml",
            "- targets: [a:1]\n  label: {x: y}\n",
            ":2: [0].label: unknown key (did you mean labels?)"),
        Arguments.of(
            "t.json",
            "[{\"targets\": [\"a:1\"],\n  \"targets\": [\"b:1\"]}]",
            ":2: [0].targets: duplicate key (first on line 1)"),
        Arguments.of("t.yml", "- targets: ['']\n", ":1: [0].targets[0]: \"\" is not host:port"),
        Arguments.of(
            "t.yml", "- targets: [~]\n", ":1: [0].targets[0]: must be a string (host:port)"),
        Arguments.of(
            "t.yml", "- targets: [[a, b]]\n", ":1: [0].targets[0]: must be a string (host:port)"),
        Arguments.of(
            "t.yml", "- targets: ['a:1/x']\n", ":1: [0].targets[0]: \"a:1/x\" is not host:port"),
        Arguments.of(
            "t.yml", "- targets: ['a b:1']\n", ":1: [0].targets[0]: \"a b:1\" is not host:port"),
        Arguments.of("t.yml", "- targets: ['a:']\n", ":1: [0].targets[0]: \"a:\" is not host:port"),
        Arguments.of(
            "t.yml", "- targets: [':80']\n", ":1: [0].targets[0]: \":80\" is not host:port"),
        Arguments.of(
            "t.yml", "- targets: ['-oX:1']\n", ":1: [0].targets[0]: \"-oX:1\" is not host:port"),
        Arguments.of(
            "t.yml",
            "- targets: ['a:0']\n",
            ":1: [0].targets[0]: \"a:0\" is not host:port (port 0 is out of range, 1 to 65535)"),
        Arguments.of(
            "t.yml",
            "- targets: ['[::1]:65536']\n",
            ":1: [0].targets[0]: \"[::1]:65536\" is not host:port (port 65536 is out of range, 1 to"
                + " 65535)"),
        Arguments.of(
            "t.yml", "- targets: ['[::1]x']\n", ":1: [0].targets[0]: \"[::1]x\" is not host:port"),
        Arguments.of(
            "t.yml",
            "- targets: ['[a.b]:1']\n",
            ":1: [0].targets[0]: \"[a.b]:1\" is not host:port"),
        Arguments.of(
            "t.yml",
            "- targets: ['::1']\n",
            ":1: [0].targets[0]: \"::1\" is not host:port (write an IPv6 address in brackets:"
                + " [::1]:port)"),
        Arguments.of(
            "t.yml",
            "- targets: [a:1]\n  labels:\n    1x: y\n",
            ":3: [0].labels.1x: \"1x\" is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)"),
        Arguments.of(
            "t.yml",
            "- targets: [a:1]\n  labels:\n    x: [y]\n",
            ":3: [0].labels.x: must be a single value"),
        Arguments.of(
            "t.yml",
            "- targets: [a:1]\n  labels: x\n",
            ":2: [0].labels: must be a mapping of names to values"),
        Arguments.of(
            "t.yml",
            "- targets: ['http://a', 'b:1', 'c:x']\n",
            ":1: [0].targets[0]: \"http://a\" is not host:port (and 1 more problem)"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badFiles")
  void aBadFileIsOneProblemLine(String name, String content, String expected) throws IOException {
    Path file = write(name, content);

    assertThat(groups(fileSd(file.toString()))).isEmpty();

    assertThat(reported).containsExactly(file + expected);
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of(
            Map.of(),
            P
                + "files: is required (a list of file patterns, e.g."
                + " [/etc/sentinel/targets/*.json])"),
        Arguments.of(Map.of("files", List.of()), P + "files: must list at least one file pattern"),
        Arguments.of(Map.of("files", "/t/a.json"), P + "files: must be a list"),
        Arguments.of(
            Map.of("files", List.of(" ")),
            P + "files[0]: must be a file pattern (e.g. /etc/sentinel/targets/*.json)"),
        Arguments.of(
            Map.of("files", List.of("/t/a.txt")),
            P + "files[0]: \"/t/a.txt\" must end in .json, .yml or .yaml"),
        Arguments.of(
            Map.of("files", List.of("/t/*")),
            P + "files[0]: \"/t/*\" must end in .json, .yml or .yaml"),
        Arguments.of(
            Map.of("files", List.of("/t/*/a.json")),
            P
                + "files[0]: \"/t/*/a.json\" has a wildcard in a directory (only the file name may"
                + " hold * ? [...])"),
        Arguments.of(
            Map.of("files", List.of("/t/[ab.json")),
            P
                + "files[0]: \"/t/[ab.json\" is not a valid pattern (an unclosed or empty [...], or"
                + " a stray \\)"),
        Arguments.of(
            Map.of("files", List.of("/t/[]a.json")),
            P
                + "files[0]: \"/t/[]a.json\" is not a valid pattern (an unclosed or empty [...], or"
                + " a stray \\)"),
        Arguments.of(
            Map.of("files", List.of("/t/a.json"), "refresh_interval", "500ms"),
            P + "refresh_interval: 500ms is out of range (1s to 1d)"),
        Arguments.of(
            Map.of("files", List.of("/t/a.json"), "refresh_interval", "2d"),
            P + "refresh_interval: 2d is out of range (1s to 1d)"),
        Arguments.of(
            Map.of("files", List.of("/t/a.json"), "refresh_intervall", "1m"),
            P + "refresh_intervall: unknown key (did you mean refresh_interval?)"),
        Arguments.of(
            "/t/*.json", P.replaceAll("\\.$", ": ") + "must be a mapping of keys to values"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badConfigs")
  void aBadConfigIsOneProblemNamingItsKey(Object fileSd, String expected) {
    assertThat(configErrors(fileSd)).containsExactly(expected);
  }

  @Test
  void absentIsNull() {
    Problems problems = new Problems("test.yaml");
    assertThat(FileSd.read(Section.of("tasks[0].config", Map.of(), problems))).isNull();
    assertThat(problems.errors()).isEmpty();
  }

  @Test
  void loadsWithoutTheFilesAndDescribesItself() {
    Problems problems = new Problems("test.yaml");
    FileSd sd =
        FileSd.read(
            config(
                Map.of("files", List.of("/nonexistent/*.json", "/nonexistent/b.yml")), problems));

    assertThat(problems.errors()).isEmpty();
    assertThat(sd.describe())
        .isEqualTo("file_sd /nonexistent/*.json, /nonexistent/b.yml (refresh 5m)");
    assertThat(sd.groups(reported::add)).isEmpty();
    assertThat(reported).isEmpty();
  }
}
