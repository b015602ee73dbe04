package dev.sentinel.plugins.scrape;

import dev.sentinel.core.config.YamlReader;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.options.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Target discovery from files in Prometheus' {@code file_sd} format: each file a list of {@code
 * {targets: [host:port, ...], labels: {name: value}}}, in JSON or YAML, found through patterns
 * whose file name may hold {@code * ? [...]}. {@link #groups} runs before every scrape, so it lists
 * the directories and stats the files, and reads a file again only when it changed or {@code
 * refresh_interval} passed. A bad file keeps its last good groups and is reported once per problem.
 */
final class FileSd {
  static final String KEY = "file_sd";
  static final String FILES = "files";
  static final String REFRESH_INTERVAL = "refresh_interval";
  static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
  static final Duration MIN_REFRESH = Duration.ofSeconds(1);
  static final Duration MAX_REFRESH = Duration.ofDays(1);

  /** The most a file may hold: what core's YAML reader takes (8 Mi code points). */
  static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern WILDCARD = Pattern.compile("[*?\\[]");
  private static final List<String> EXTENSIONS = List.of(".json", ".yml", ".yaml");

  /** A group of targets sharing labels, from one file. */
  record TargetGroup(String source, List<String> targets, Map<String, String> labels) {
    TargetGroup {
      targets = List.copyOf(targets);
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }
  }

  /**
   * A configured pattern: a plain {@code file}, or the names in {@code dir} that {@code name}
   * matches.
   */
  private record Glob(String text, Path dir, Pattern name, Path file) {}

  /** A file as stat saw it; any difference means it changed. The key (inode) sees a rename. */
  private record Stamp(long size, FileTime modified, Object key) {}

  /**
   * A file's state: when it was read, its last good groups, the problem last reported (or null).
   */
  private record Seen(Stamp stamp, long readAt, List<TargetGroup> groups, String reported) {}

  /** What reading a file gave: its groups, or one problem line and what identifies it. */
  private record Loaded(List<TargetGroup> groups, String problem, String fingerprint) {
    static Loaded failed(String problem, String fingerprint) {
      return new Loaded(List.of(), problem, fingerprint);
    }
  }

  private final List<Glob> globs;
  private final Duration refresh;
  private final LongSupplier nanoTime;
  private final Map<Path, Seen> seen = new HashMap<>();
  private final Map<Path, String> listingReported = new HashMap<>();

  private FileSd(List<Glob> globs, Duration refresh, LongSupplier nanoTime) {
    this.globs = List.copyOf(globs);
    this.refresh = refresh;
    this.nanoTime = nanoTime;
  }

  /**
   * Reads {@code file_sd: {files: [pattern, ...], refresh_interval: 5m}}; null when absent. Every
   * problem goes to the section's {@link Problems}; the files need not exist yet.
   */
  static FileSd read(Section options) {
    return read(options, System::nanoTime);
  }

  static FileSd read(Section options, LongSupplier nanoTime) {
    if (!options.has(KEY)) {
      return null;
    }
    Section s = options.section(KEY);
    if (!options.node(KEY).isMap()) {
      return null; // reported by the section
    }
    List<Glob> globs = new ArrayList<>();
    if (!s.has(FILES)) {
      s.error(FILES, "is required (a list of file patterns, e.g. [/etc/sentinel/targets/*.json])");
    } else if (s.node(FILES).isList() && s.node(FILES).asList().isEmpty()) {
      s.error(FILES, "must list at least one file pattern");
    }
    for (Section.Item item : s.items(FILES)) {
      ConfigNode n = item.node();
      try {
        if (!n.isScalar() || n.isNull() || n.asString().isBlank()) {
          throw new IllegalArgumentException(
              "must be a file pattern (e.g. /etc/sentinel/targets/*.json)");
        }
        globs.add(glob(n.asString().strip()));
      } catch (IllegalArgumentException e) {
        s.problems().error(n.line(), item.path(), e.getMessage());
      }
    }
    Duration refresh = s.duration(REFRESH_INTERVAL, DEFAULT_REFRESH, MIN_REFRESH, MAX_REFRESH);
    s.finish();
    return new FileSd(globs, refresh, nanoTime);
  }

  String describe() {
    List<String> texts = globs.stream().map(Glob::text).toList();
    return KEY + " " + String.join(", ", texts) + " (refresh " + Durations.format(refresh) + ")";
  }

  /**
   * The target groups now, in pattern order, files by name. A file that cannot be read or parsed is
   * reported through {@code problems} as one line {@code <path>:<line>: <what>}, once per distinct
   * content and problem, and keeps its last good groups.
   */
  synchronized List<TargetGroup> groups(Consumer<String> problems) {
    long now = nanoTime.getAsLong();
    Set<Path> paths = expand(problems);
    seen.keySet().retainAll(paths);
    List<TargetGroup> out = new ArrayList<>();
    for (Path path : paths) {
      Seen state = visit(path, seen.get(path), now, problems);
      if (state == null) {
        seen.remove(path);
      } else {
        seen.put(path, state);
        out.addAll(state.groups());
      }
    }
    return List.copyOf(out);
  }

  private Set<Path> expand(Consumer<String> problems) {
    Set<Path> out = new LinkedHashSet<>();
    for (Glob g : globs) {
      if (g.file() != null) {
        out.add(g.file());
        continue;
      }
      List<Path> matched = new ArrayList<>();
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(g.dir(), p -> matches(g, p))) {
        dir.forEach(matched::add);
        listingReported.remove(g.dir());
      } catch (NoSuchFileException | NotDirectoryException e) {
        listingReported.remove(g.dir()); // no directory, no files; it may appear later
      } catch (IOException | DirectoryIteratorException e) {
        String why = g.dir() + ": cannot list the directory: " + reason(e);
        if (!why.equals(listingReported.put(g.dir(), why))) {
          problems.accept(why);
        }
        // keep the files already known there (the same holds for the files themselves)
        seen.keySet().stream()
            .filter(p -> g.dir().equals(p.getParent()) && matches(g, p))
            .forEach(matched::add);
      }
      Collections.sort(matched);
      out.addAll(matched);
    }
    return out;
  }

  private static boolean matches(Glob g, Path p) {
    return g.name().matcher(p.getFileName().toString()).matches();
  }

  /** The file's state after this call; null when it is gone (or not a regular file). */
  private Seen visit(Path path, Seen before, long now, Consumer<String> problems) {
    Stamp stamp;
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return null;
      }
      stamp = new Stamp(a.size(), a.lastModifiedTime(), a.fileKey());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      String why = path + ": cannot read: " + reason(e);
      return failed(before, null, now, Loaded.failed(why, why), problems);
    }
    if (before != null
        && stamp.equals(before.stamp())
        && now - before.readAt() < refresh.toNanos()) {
      return before;
    }
    Loaded loaded = load(path, stamp);
    if (loaded == null) {
      return null;
    }
    if (loaded.problem() == null) {
      return new Seen(stamp, now, loaded.groups(), null);
    }
    return failed(before, stamp, now, loaded, problems);
  }

  private static Seen failed(
      Seen before, Stamp stamp, long now, Loaded loaded, Consumer<String> problems) {
    if (before == null || !loaded.fingerprint().equals(before.reported())) {
      problems.accept(loaded.problem());
    }
    List<TargetGroup> lastGood = before == null ? List.of() : before.groups();
    return new Seen(stamp, now, lastGood, loaded.fingerprint());
  }

  /** Reads and parses one file; null when it vanished meanwhile. */
  private static Loaded load(Path path, Stamp stamp) {
    String tooLarge = path + ": is larger than " + Sizes.format(MAX_FILE_BYTES) + ", not read";
    if (stamp.size() > MAX_FILE_BYTES) {
      return Loaded.failed(tooLarge, tooLarge);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      String why = path + ": cannot read: " + reason(e);
      return Loaded.failed(why, why);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      return Loaded.failed(tooLarge, tooLarge);
    }
    String fingerprint = "#" + bytes.length + "/" + Arrays.hashCode(bytes);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      String why = path + ": is not UTF-8 text";
      return Loaded.failed(why, why + fingerprint);
    }
    Problems p = new Problems(path.toString());
    List<TargetGroup> groups = parse(path, text, p);
    if (!p.hasErrors()) {
      return new Loaded(groups, null, null);
    }
    List<String> errors = p.errors();
    int more = errors.size() - 1;
    String line =
        errors.get(0)
            + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? ")" : "s)"));
    return Loaded.failed(line, line + fingerprint);
  }

  private static List<TargetGroup> parse(Path path, String text, Problems p) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      // JSON is read as YAML, which refuses tabs as indentation (Go's json.MarshalIndent writes
      // them). A raw tab in valid JSON can only be white space, so spaces change nothing else.
      text = text.replace('\t', ' ');
    }
    if (text.isBlank()) {
      // most likely caught while being rewritten: keep the last good groups
      p.error(0, "", "is empty (write [] for no targets)");
      return List.of();
    }
    ConfigNode root = new YamlReader(path.toString(), p).read(text);
    if (root == null) {
      return List.of();
    }
    if (!root.isList()) {
      p.error(
          root.line(), "", "must be a list of target groups ([{targets: [...], labels: {...}}])");
      return List.of();
    }
    List<TargetGroup> out = new ArrayList<>();
    List<ConfigNode> items = root.asList();
    for (int i = 0; i < items.size(); i++) {
      ConfigNode node = items.get(i);
      if (!node.isMap()) {
        p.error(node.line(), "[" + i + "]", "must be a mapping with targets and labels");
        continue;
      }
      out.add(group(path + ":" + i, new Section("[" + i + "]", node, p)));
    }
    return out;
  }

  private static TargetGroup group(String source, Section g) {
    List<String> targets = new ArrayList<>();
    for (Section.Item item : g.items("targets")) {
      String why = targetProblem(item.node());
      if (why == null) {
        targets.add(item.node().asString());
      } else {
        g.problems().error(item.node().line(), item.path(), why);
      }
    }
    Map<String, String> labels = g.stringMap("labels");
    for (String name : labels.keySet()) {
      if (!LABEL_NAME.matcher(name).matches()) {
        g.error(
            "labels." + name, "\"" + name + "\" is not a valid label name (" + LABEL_NAME + ")");
      }
    }
    g.finish();
    return new TargetGroup(source, targets, labels);
  }

  /** Why a target is not {@code host}, {@code host:port} or {@code [v6]:port}; null when it is. */
  private static String targetProblem(ConfigNode node) {
    if (!node.isScalar() || node.isNull()) {
      return "must be a string (host:port)";
    }
    return Target.addressProblem(node.asString(), false);
  }

  /**
   * A pattern as Prometheus takes it: ends in .json, .yml or .yaml; only the last path element may
   * hold {@code *}, {@code ?} or {@code [...]} (Go's filepath.Match). Relative to the working
   * directory.
   */
  private static Glob glob(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (EXTENSIONS.stream().noneMatch(lower::endsWith)) {
      throw new IllegalArgumentException("\"" + text + "\" must end in .json, .yml or .yaml");
    }
    int slash = text.lastIndexOf('/');
    String dirText = text.substring(0, slash + 1);
    String name = text.substring(slash + 1);
    if (WILDCARD.matcher(dirText).find()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has a wildcard in a directory (only the file name may hold * ? [...])");
    }
    Path dir;
    try {
      dir = Path.of(dirText).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid path");
    }
    if (!WILDCARD.matcher(name).find()) {
      return new Glob(text, dir, null, dir.resolve(name));
    }
    try {
      return new Glob(text, dir, Pattern.compile(nameRegex(name), Pattern.DOTALL), null);
    } catch (IllegalArgumentException e) { // PatternSyntaxException too
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a valid pattern (an unclosed or empty [...], or a stray \\)");
    }
  }

  /** Go's filepath.Match syntax for one path element, as a regular expression. */
  private static String nameRegex(String name) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '*' -> re.append(".*"); // a name holds no '/'
        case '?' -> re.append('.');
        case '\\' -> re.append(literal(at(name, ++i)));
        case '[' -> i = charClass(name, i, re);
        default -> re.append(literal(c));
      }
    }
    return re.toString();
  }

  /** Appends the class that starts at {@code name[open]}; returns the index of its ']'. */
  private static int charClass(String name, int open, StringBuilder re) {
    int i = open + 1;
    re.append('[');
    if (at(name, i) == '^') {
      re.append('^');
      i++;
    }
    int ranges = 0;
    while (at(name, i) != ']' || ranges == 0) {
      char lo = at(name, i);
      if (lo == '-' || lo == ']') {
        throw new IllegalArgumentException("bad class");
      }
      if (lo == '\\') {
        lo = at(name, ++i);
      }
      re.append(literal(lo));
      i++;
      if (at(name, i) == '-') {
        char hi = at(name, ++i);
        if (hi == ']' || hi == '-') {
          throw new IllegalArgumentException("bad range");
        }
        if (hi == '\\') {
          hi = at(name, ++i);
        }
        re.append('-').append(literal(hi));
        i++;
      }
      ranges++;
    }
    re.append(']');
    return i;
  }

  private static char at(String s, int i) {
    if (i >= s.length()) {
      throw new PatternSyntaxException("unexpected end", s, i);
    }
    return s.charAt(i);
  }

  /** {@code c} in a regular expression, inside a class or out. */
  private static String literal(char c) {
    boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return plain ? String.valueOf(c) : String.format("\\x{%x}", (int) c);
  }

  private static String reason(Exception e) {
    Throwable t = e instanceof DirectoryIteratorException d ? d.getCause() : e;
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
