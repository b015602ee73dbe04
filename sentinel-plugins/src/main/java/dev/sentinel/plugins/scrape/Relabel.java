package dev.sentinel.plugins.scrape;

import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.Range;
import dev.sentinel.core.options.Section;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code metric_relabel} rules of a scrape: Prometheus' {@code relabel_config}, applied in
 * order to each scraped series. Same keys, defaults, checks and results as Prometheus ({@code
 * model/relabel}), with Java regexes in place of RE2. Immutable, so one instance serves every
 * scrape thread.
 */
final class Relabel {
  static final String KEY = "metric_relabel";
  static final Relabel NONE = new Relabel(List.of());

  private static final String NAME = "__name__";
  private static final String DEFAULT_SEPARATOR = ";";
  private static final String DEFAULT_REPLACEMENT = "$1";
  private static final String NAME_RULE = "[a-zA-Z_][a-zA-Z0-9_]*";
  private static final String TEMPLATE_RULE =
      NAME_RULE + ", where $1, ${1} or ${name} may stand for a regex group";
  // Prometheus' relabelTarget, rewritten without nested repetition (the same language, but linear
  // in a backtracking engine): a name that may hold $1, $name or ${name} group references.
  private static final Pattern TEMPLATE =
      Pattern.compile("(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w++))(?:\\w|\\$(?:\\{\\w+\\}|\\w++))*+");
  private static final BigInteger MAX_MODULUS =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** The actions, spelled as in the config. */
  private enum Action {
    REPLACE,
    KEEP,
    DROP,
    KEEPEQUAL,
    DROPEQUAL,
    HASHMOD,
    LABELMAP,
    LABELDROP,
    LABELKEEP,
    LOWERCASE,
    UPPERCASE;

    final String key = name().toLowerCase(Locale.ROOT);

    boolean writesTarget() {
      return this == REPLACE || this == HASHMOD || this == LOWERCASE || this == UPPERCASE;
    }

    boolean comparesTarget() {
      return this == KEEPEQUAL || this == DROPEQUAL;
    }

    boolean onNames() {
      return this == LABELDROP || this == LABELKEEP;
    }
  }

  private final List<Rule> rules;

  private Relabel(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Reads the list at {@link #KEY} (absent: {@link #NONE}). Every problem is reported through
   * {@code options} at the rule's key ({@code metric_relabel[1].regex}); never throws on bad input.
   */
  static Relabel read(Section options) {
    List<Rule> rules = new ArrayList<>();
    boolean complete = true;
    for (Section.Item item : options.items(KEY)) {
      ConfigNode node = item.node();
      if (!node.isMap()) {
        options.problems().error(node.line(), item.path(), "must be a mapping of keys to values");
        complete = false;
        continue;
      }
      Rule rule = RuleReader.read(new Section(item.path(), node, options.problems()));
      if (rule == null) {
        complete = false;
      } else {
        rules.add(rule);
      }
    }
    return rules.isEmpty() || !complete ? NONE : new Relabel(rules);
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  int size() {
    return rules.size();
  }

  /**
   * Applies the rules in order to {@code labels} (name to value, {@code __name__} included).
   * Returns a new sorted map without empty values, or null when the series is dropped: by a keep,
   * drop, keepequal or dropequal rule, or because {@code __name__} is gone or empty.
   */
  TreeMap<String, String> apply(Map<String, String> labels) {
    TreeMap<String, String> out = new TreeMap<>();
    labels.forEach((name, value) -> set(out, name, value));
    for (Rule rule : rules) {
      if (!rule.apply(out)) {
        return null;
      }
    }
    return out.containsKey(NAME) ? out : null;
  }

  /** Sets a label; an empty value removes it, as in Prometheus' labels.Builder. */
  private static void set(TreeMap<String, String> labels, String name, String value) {
    if (value == null || value.isEmpty()) {
      labels.remove(name);
    } else {
      labels.put(name, value);
    }
  }

  private static boolean isLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** One validated rule; a null template is one its action does not use. */
  private record Rule(
      Action action,
      List<String> sources,
      String separator,
      Pattern regex,
      long modulus,
      String target,
      Template targetTemplate,
      Template replacement) {

    /** False when the series is dropped. */
    boolean apply(TreeMap<String, String> labels) {
      String value = joinedSources(labels);
      switch (action) {
        case KEEP:
          return regex.matcher(value).find();
        case DROP:
          return !regex.matcher(value).find();
        case KEEPEQUAL:
          return labels.getOrDefault(target, "").equals(value);
        case DROPEQUAL:
          return !labels.getOrDefault(target, "").equals(value);
        case REPLACE:
          replace(labels, value);
          break;
        case LOWERCASE:
          set(labels, target, value.toLowerCase(Locale.ROOT));
          break;
        case UPPERCASE:
          set(labels, target, value.toUpperCase(Locale.ROOT));
          break;
        case HASHMOD:
          set(labels, target, Long.toUnsignedString(Long.remainderUnsigned(hash(value), modulus)));
          break;
        case LABELMAP:
          labelMap(labels);
          break;
        case LABELDROP:
          labels.keySet().removeIf(name -> regex.matcher(name).find());
          break;
        case LABELKEEP:
          labels.keySet().removeIf(name -> !regex.matcher(name).find());
          break;
      }
      return true;
    }

    private String joinedSources(Map<String, String> labels) {
      if (sources.size() == 1) {
        return labels.getOrDefault(sources.get(0), "");
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < sources.size(); i++) {
        if (i > 0) {
          sb.append(separator);
        }
        sb.append(labels.getOrDefault(sources.get(i), ""));
      }
      return sb.toString();
    }

    private void replace(TreeMap<String, String> labels, String value) {
      Matcher m = regex.matcher(value);
      if (!m.find()) {
        return;
      }
      String name = targetTemplate.expand(m);
      if (isLabelName(name)) {
        set(labels, name, replacement.expand(m));
      }
    }

    private void labelMap(TreeMap<String, String> labels) {
      // Over a copy taken first, as Prometheus ranges over the labels as they were.
      for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
        Matcher m = regex.matcher(label.getKey());
        if (m.find()) {
          String name = replacement.replaceAll(m, label.getKey());
          if (isLabelName(name)) {
            set(labels, name, label.getValue());
          }
        }
      }
    }

    /** Prometheus' hash: the last 8 bytes of the value's MD5, as a big-endian unsigned number. */
    private static long hash(String value) {
      try {
        byte[] md5 =
            MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(md5, 8, 8).getLong();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has MD5", e);
      }
    }
  }

  /** Reads and checks one rule, reporting at its keys; null when it has a problem. */
  private static final class RuleReader {
    private final Section s;

    private RuleReader(Section s) {
      this.s = s;
    }

    static Rule read(Section s) {
      int before = s.problems().errors().size();
      Rule rule = new RuleReader(s).rule();
      return s.problems().errors().size() > before ? null : rule;
    }

    private Rule rule() {
      List<String> sources = sources();
      String separator = s.string("separator", DEFAULT_SEPARATOR);
      boolean hasRegex = s.has("regex");
      Pattern regex = regex(s.string("regex", "(.*)"));
      boolean hasModulus = s.has("modulus");
      BigInteger modulus = hasModulus ? modulus() : BigInteger.ZERO; // null when wrong
      String target = s.string("target_label", "");
      String replacement = s.string("replacement", DEFAULT_REPLACEMENT);
      Action action = action();
      s.finish();
      if (action == null) {
        return null;
      }
      checkTarget(action, target);
      boolean otherSeparator = !separator.equals(DEFAULT_SEPARATOR);
      boolean otherReplacement = !replacement.equals(DEFAULT_REPLACEMENT);
      boolean someModulus = modulus != null && modulus.signum() != 0;
      if (action.onNames()) {
        String only = "(it takes only regex)";
        notAllowed(s.has("source_labels"), "source_labels", action, only);
        notAllowed(!target.isEmpty(), "target_label", action, only);
        notAllowed(otherSeparator, "separator", action, only);
        notAllowed(otherReplacement, "replacement", action, only);
        notAllowed(someModulus, "modulus", action, only);
      } else if (action.comparesTarget()) {
        String only = "(it takes only source_labels and target_label)";
        notAllowed(hasRegex, "regex", action, only);
        notAllowed(otherSeparator, "separator", action, only);
        notAllowed(otherReplacement, "replacement", action, only);
        notAllowed(someModulus, "modulus", action, only);
      } else if (action == Action.LOWERCASE || action == Action.UPPERCASE) {
        notAllowed(otherReplacement, "replacement", action, "");
      } else if (action == Action.LABELMAP && !TEMPLATE.matcher(replacement).matches()) {
        s.error(
            "replacement",
            quote(replacement) + " is not a valid label name template (" + TEMPLATE_RULE + ")");
      } else if (action == Action.HASHMOD && !hasModulus) {
        s.error("modulus", "is required for action hashmod (a whole number above 0)");
      } else if (action == Action.HASHMOD && modulus != null && modulus.signum() == 0) {
        s.error("modulus", "must be above 0 for action hashmod");
      }
      if (regex == null || modulus == null) {
        return null; // reported
      }
      boolean replace = action == Action.REPLACE;
      return new Rule(
          action,
          sources,
          separator,
          regex,
          modulus.longValue(), // the unsigned 64-bit number Prometheus reads
          target,
          replace ? Template.parse(target, regex) : null,
          replace || action == Action.LABELMAP ? Template.parse(replacement, regex) : null);
    }

    private List<String> sources() {
      List<String> out = new ArrayList<>();
      for (Section.Item item : s.items("source_labels")) {
        ConfigNode n = item.node();
        if (n.isScalar() && !n.isNull() && isLabelName(n.asString())) {
          out.add(n.asString());
        } else {
          String what = n.isScalar() && !n.isNull() ? quote(n.asString()) + " is not" : "must be";
          s.problems()
              .error(n.line(), item.path(), what + " a valid label name (" + NAME_RULE + ")");
        }
      }
      return List.copyOf(out);
    }

    private Pattern regex(String text) {
      try {
        // Anchored as Prometheus' ^(?:regex)$, with \z since Go's $ is the very end of the text;
        // UNIX_LINES so that '.' stops only at \n, as in Go.
        return Pattern.compile("^(?:" + text + ")\\z", Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
      } catch (PatternSyntaxException e) {
        String hint = text.contains("(?P<") ? "; write a named group as (?<name>...)" : "";
        s.error(
            "regex",
            quote(text) + " is not a valid regular expression (" + e.getDescription() + hint + ")");
        return null;
      }
    }

    /** Null when wrong (reported). */
    private BigInteger modulus() {
      return s.ranged(
          "modulus",
          null,
          text -> {
            if (!text.matches("[-+]?\\d+")) {
              throw new IllegalArgumentException(quote(text) + " is not a whole number");
            }
            return new BigInteger(text);
          },
          new Range<>(BigInteger.ZERO, MAX_MODULUS, String::valueOf));
    }

    private Action action() {
      String text = s.string("action", Action.REPLACE.key);
      for (Action a : Action.values()) {
        if (a.key.equalsIgnoreCase(text.strip())) {
          return a;
        }
      }
      List<String> keys = new ArrayList<>();
      for (Action a : Action.values()) {
        keys.add(a.key);
      }
      s.error("action", quote(text) + " is not a relabel action (" + String.join(", ", keys) + ")");
      return null;
    }

    private void checkTarget(Action action, String target) {
      boolean needed = action.writesTarget() || action.comparesTarget();
      if (needed && target.isEmpty()) {
        s.error("target_label", "is required for action " + action.key);
      } else if (action == Action.REPLACE && target.contains("$")) {
        if (!TEMPLATE.matcher(target).matches()) {
          s.error(
              "target_label",
              quote(target) + " is not a valid label name template (" + TEMPLATE_RULE + ")");
        }
      } else if (needed && !isLabelName(target)) {
        String why = target.contains("$") ? "; only action replace expands $ groups" : "";
        s.error(
            "target_label", quote(target) + " is not a valid label name (" + NAME_RULE + why + ")");
      }
    }

    private void notAllowed(boolean set, String key, Action action, String only) {
      if (set) {
        s.error(key, ("is not allowed with action " + action.key + " " + only).strip());
      }
    }

    private static String quote(String text) {
      return "\"" + text + "\"";
    }
  }

  /**
   * A replacement or target_label with its group references resolved once, expanded like Go's
   * Regexp.Expand: {@code $$} is a dollar, {@code $name} takes the longest run of letters, digits
   * and _, {@code ${name}} is braced; a number is a group by number, anything else a group by name;
   * a group that does not exist, or did not take part in the match, expands to nothing; a {@code $}
   * that starts no reference is kept as written.
   */
  private record Template(List<Part> parts) {

    /** Literal text, or a group by number (name null) or by name. */
    private record Part(String literal, int group, String name) {
      void appendTo(StringBuilder sb, Matcher m) {
        String text = literal != null ? literal : name != null ? m.group(name) : m.group(group);
        if (text != null) {
          sb.append(text);
        }
      }
    }

    static Template parse(String text, Pattern regex) {
      int groups = regex.matcher("").groupCount();
      List<Part> parts = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      int i = 0;
      while (i < text.length()) {
        if (text.charAt(i) != '$') {
          literal.append(text.charAt(i++));
          continue;
        }
        if (text.startsWith("$$", i)) {
          literal.append('$');
          i += 2;
          continue;
        }
        boolean brace = text.startsWith("${", i);
        int start = brace ? i + 2 : i + 1;
        int end = start;
        while (end < text.length()) {
          int c = text.codePointAt(end);
          if (!Character.isLetterOrDigit(c) && c != '_') {
            break;
          }
          end += Character.charCount(c);
        }
        if (end == start || (brace && (end == text.length() || text.charAt(end) != '}'))) {
          literal.append('$'); // starts no reference
          i++;
          continue;
        }
        if (literal.length() > 0) {
          parts.add(new Part(literal.toString(), -1, null));
          literal.setLength(0);
        }
        String name = text.substring(start, end);
        int number = groupNumber(name);
        if (number >= 0 && number <= groups) {
          parts.add(new Part(null, number, null));
        } else if (number < 0 && hasGroupNamed(regex, name)) {
          parts.add(new Part(null, -1, name));
        }
        i = brace ? end + 1 : end;
      }
      if (literal.length() > 0) {
        parts.add(new Part(literal.toString(), -1, null));
      }
      return new Template(List.copyOf(parts));
    }

    /**
     * The group number {@code $name} means in Go: digits without a leading zero, at most nine of
     * them; -1 when it is a name.
     */
    private static int groupNumber(String name) {
      if (name.length() > 9 || (name.length() > 1 && name.charAt(0) == '0')) {
        return -1;
      }
      for (int i = 0; i < name.length(); i++) {
        if (name.charAt(i) < '0' || name.charAt(i) > '9') {
          return -1;
        }
      }
      return Integer.parseInt(name);
    }

    /** Java 17 cannot list a pattern's group names; a back reference compiles only to one. */
    private static boolean hasGroupNamed(Pattern regex, String name) {
      if (!name.matches("[a-zA-Z][a-zA-Z0-9]*")) {
        return false; // not a Java group name
      }
      try {
        Pattern.compile("(?:" + regex.pattern() + ")|\\k<" + name + ">", regex.flags());
        return true;
      } catch (PatternSyntaxException e) {
        return false;
      }
    }

    String expand(Matcher m) {
      StringBuilder sb = new StringBuilder();
      for (Part p : parts) {
        p.appendTo(sb, m);
      }
      return sb.toString();
    }

    /** Go's ReplaceAllString, given a matcher that has just found the first match in input. */
    String replaceAll(Matcher m, String input) {
      StringBuilder sb = new StringBuilder();
      int last = 0;
      do {
        sb.append(input, last, m.start());
        for (Part p : parts) {
          p.appendTo(sb, m);
        }
        last = m.end();
      } while (m.find());
      return sb.append(input, last, input.length()).toString();
    }
  }
}
