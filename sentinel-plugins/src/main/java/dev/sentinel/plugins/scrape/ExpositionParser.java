package dev.sentinel.plugins.scrape;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A strict reader of what exporters serve: the Prometheus text format 0.0.4 and the OpenMetrics 1.0
 * text format. It walks the body once, character by character, and hands each sample to a {@link
 * Sink} with its family's type; label names and values go into arrays the parser reuses, so a
 * sample costs its strings and nothing else. The first problem stops it with a {@link
 * ParseException} naming the line: a scrape is all or nothing, as in Prometheus.
 *
 * <p>Handled: {@code # HELP} (skipped), {@code # TYPE} (one per family, before its samples), {@code
 * # UNIT} (OpenMetrics), other comments (text format), label values with {@code \\}, {@code \"} and
 * {@code \n} escapes, a trailing comma in a label set, empty label values (the label is absent, as
 * Prometheus treats it), {@code NaN} and {@code ±Inf}, optional timestamps (milliseconds in the
 * text format, seconds with a fraction in OpenMetrics), exemplars (ignored), {@code # EOF}
 * (required and last in OpenMetrics).
 */
public final class ExpositionParser {
  /** A sample without a timestamp of its own. */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  /** The two formats; which one a response is comes from its Content-Type. */
  public enum Format {
    PROMETHEUS_TEXT,
    OPENMETRICS;

    /**
     * The format of a response by its Content-Type (anything but OpenMetrics is the text format).
     */
    public static Format of(String contentType) {
      return contentType != null
              && contentType.toLowerCase(Locale.ROOT).startsWith("application/openmetrics-text")
          ? OPENMETRICS
          : PROMETHEUS_TEXT;
    }
  }

  /** The Accept header of a scrape, preferring OpenMetrics as Prometheus does. */
  public static final String ACCEPT =
      "application/openmetrics-text;version=1.0.0;q=0.75,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  static final Set<String> TEXT_TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");
  static final Set<String> OPENMETRICS_TYPES =
      Set.of(
          "counter",
          "gauge",
          "histogram",
          "gaugehistogram",
          "summary",
          "stateset",
          "info",
          "unknown");

  /** Receives each sample; {@code labelNames}/{@code labelValues} are valid for the call only. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param type the family's declared type, or {@code untyped} / {@code unknown} when none was
     * @param labelCount how many of the arrays' entries are this sample's (empty values left out)
     * @param timestampMs {@link #NO_TIMESTAMP} when the sample has none
     */
    void sample(
        String name,
        String type,
        String[] labelNames,
        String[] labelValues,
        int labelCount,
        double value,
        long timestampMs);
  }

  /**
   * Remembers series by the exact text of their name and label set, so that a series seen in an
   * earlier scrape costs a hash of its text and a lookup instead of decoding its labels again (what
   * Prometheus' scrape cache does). The text is identical to one already checked, so it is valid.
   * Handles are the cache's own objects.
   */
  public interface SeriesCache {
    /** The series whose text hashes to {@code hash}, or null when it is new. */
    Object find(long hash);

    /**
     * A new series (its text hashes to {@code hash}), fully decoded; returns its handle. May throw
     * {@link Refused} to end the scrape (a limit).
     */
    Object add(
        long hash,
        String name,
        String family,
        String type,
        String[] labelNames,
        String[] labelValues,
        int labelCount)
        throws Refused;

    /** The family {@code series} belongs to (as {@link #add} was told). */
    String family(Object series);

    /** One sample of {@code series}; may throw {@link Refused} to end the scrape. */
    void sample(Object series, double value, long timestampMs) throws Refused;
  }

  /** A cache's refusal to go on (e.g. a sample limit): ends the parse with this message. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** The first problem in a body, with its 1-based line number. */
  public static final class ParseException extends Exception {
    private final int line;

    ParseException(int line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private final Format format;
  private final Map<String, String> types = new HashMap<>();
  private final Map<String, Boolean> seenSamples = new HashMap<>();
  private String lastFamily;
  private String[] names = new String[16];
  private String[] values = new String[16];
  private final StringBuilder scratch = new StringBuilder(64);
  private String text;
  private int pos;
  private int end;
  private int line;

  private ExpositionParser(Format format) {
    this.format = format;
  }

  /** Parses {@code body} in {@code format}, feeding {@code sink}; returns the number of samples. */
  public static int parse(String body, Format format, Sink sink) throws ParseException {
    try {
      return new ExpositionParser(format).run(body, new Uncached(sink));
    } catch (Refused e) {
      throw new IllegalStateException(e); // Uncached never refuses
    }
  }

  /**
   * Parses {@code body} in {@code format}, feeding {@code cache}: series it knows skip decoding.
   * Returns the number of samples.
   */
  public static int parse(String body, Format format, SeriesCache cache)
      throws ParseException, Refused {
    return new ExpositionParser(format).run(body, cache);
  }

  /** Every series new: each sample decoded and handed to a {@link Sink}. */
  private static final class Uncached implements SeriesCache {
    private final Sink sink;
    private String name;
    private String type;
    private String[] names;
    private String[] values;
    private int count;

    Uncached(Sink sink) {
      this.sink = sink;
    }

    @Override
    public Object find(long hash) {
      return null;
    }

    @Override
    public Object add(
        long hash,
        String name,
        String family,
        String type,
        String[] labelNames,
        String[] labelValues,
        int labelCount) {
      this.name = name;
      this.type = type;
      this.names = labelNames;
      this.values = labelValues;
      this.count = labelCount;
      return this;
    }

    @Override
    public String family(Object series) {
      throw new IllegalStateException("never found");
    }

    @Override
    public void sample(Object series, double value, long timestampMs) {
      sink.sample(name, type, names, values, count, value, timestampMs);
    }
  }

  private int run(String body, SeriesCache sink) throws ParseException, Refused {
    text = body;
    int samples = 0;
    int start = 0;
    boolean eof = false;
    line = 0;
    while (start < body.length()) {
      int nl = body.indexOf('\n', start);
      int lineEnd = nl < 0 ? body.length() : nl;
      line++;
      pos = start;
      end = lineEnd;
      if (end > pos && body.charAt(end - 1) == '\r') {
        end--;
      }
      start = nl < 0 ? body.length() : nl + 1;
      if (eof) {
        throw error("nothing may follow # EOF");
      }
      if (pos == end) {
        if (format == Format.OPENMETRICS) {
          throw error("empty line (not allowed in OpenMetrics)");
        }
        continue;
      }
      if (body.charAt(pos) == '#') {
        eof = comment();
        continue;
      }
      sample(sink);
      samples++;
    }
    if (format == Format.OPENMETRICS && !eof) {
      line++;
      throw error("the body does not end with # EOF (truncated?)");
    }
    return samples;
  }

  /** A {@code #} line; true for {@code # EOF}. */
  private boolean comment() throws ParseException {
    String rest = text.substring(pos, end);
    if (rest.equals("# EOF")) {
      return format == Format.OPENMETRICS;
    }
    if (rest.startsWith("# HELP ")) {
      pos += 7;
      metricName();
      return false;
    }
    if (rest.startsWith("# UNIT ")) {
      if (format != Format.OPENMETRICS) {
        return false; // a comment in the text format
      }
      pos += 7;
      metricName();
      return false;
    }
    if (rest.startsWith("# TYPE ")) {
      pos += 7;
      String name = metricName();
      skipBlanks();
      String type = text.substring(pos, end).trim();
      Set<String> known = format == Format.OPENMETRICS ? OPENMETRICS_TYPES : TEXT_TYPES;
      if (!known.contains(type)) {
        throw error("unknown type \"" + type + "\" for " + name + " (known: " + known + ")");
      }
      if (types.putIfAbsent(name, type) != null) {
        throw error("second TYPE line for " + name);
      }
      if (seenSamples.containsKey(name)) {
        throw error("TYPE line for " + name + " after its samples");
      }
      return false;
    }
    if (format == Format.OPENMETRICS) {
      throw error("unknown comment line (OpenMetrics allows # HELP, # TYPE, # UNIT and # EOF)");
    }
    return false; // any other comment in the text format
  }

  private void sample(SeriesCache cache) throws ParseException, Refused {
    int lineStart = pos;
    int seriesEnd = seriesEnd();
    long hash = 0;
    if (seriesEnd > 0) {
      hash = seriesHash;
      Object known = cache.find(hash);
      if (known != null) {
        pos = seriesEnd;
        if (pos >= end || !isBlank(text.charAt(pos))) {
          throw error(
              pos >= end
                  ? "no value after " + nameAt(lineStart)
                  : "expected a space before the value");
        }
        skipBlanks();
        double value = value(lineStart);
        long timestamp = timestampAndRest();
        String family = cache.family(known);
        if (family != lastFamily) { // a family's samples come together: one put per family
          seenSamples.put(family, Boolean.TRUE);
          lastFamily = family;
        }
        cache.sample(known, value, timestamp);
        return;
      }
    }
    String name = metricName();
    int labels = 0;
    int before = pos;
    skipBlanks();
    if (pos < end && text.charAt(pos) == '{') {
      labels = labels();
      before = pos;
      skipBlanks();
    }
    if (pos >= end) {
      throw error("no value after " + name);
    }
    if (pos == before) {
      throw error("expected a space before the value");
    }
    double value = value(lineStart);
    long timestamp = timestampAndRest();
    String family = family(name);
    seenSamples.put(family, Boolean.TRUE);
    String type = types.get(family);
    if (type == null) {
      type = format == Format.OPENMETRICS ? "unknown" : "untyped";
    }
    if (seriesEnd <= 0) {
      hash = hash(lineStart, before);
    }
    Object series = cache.add(hash, name, family, type, names, values, labels);
    cache.sample(series, value, timestamp);
  }

  /** The value at {@link #pos} of the sample whose line starts at {@code lineStart}. */
  private double value(int lineStart) throws ParseException {
    int start = pos;
    while (pos < end && !isBlank(text.charAt(pos))) {
      pos++;
    }
    double fast = fastDecimal(start, pos);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    return number(text.substring(start, pos), nameAt(lineStart));
  }

  /** The optional timestamp after the value, and an exemplar (ignored); nothing else may follow. */
  private long timestampAndRest() throws ParseException {
    long timestamp = NO_TIMESTAMP;
    skipBlanks();
    if (pos < end && text.charAt(pos) != '#') {
      timestamp = timestamp(token());
      skipBlanks();
    }
    if (pos < end) {
      if (format == Format.OPENMETRICS && text.startsWith("# ", pos)) {
        pos = end; // an exemplar: ignored
      } else {
        throw error("unexpected text after the value: \"" + text.substring(pos, end) + "\"");
      }
    }
    return timestamp;
  }

  /** The metric name at the start of a line (for messages). */
  private String nameAt(int lineStart) {
    int i = lineStart;
    while (i < end && isNameChar(text.charAt(i))) {
      i++;
    }
    return text.substring(lineStart, i);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == ':';
  }

  /**
   * Where the series text (name, and the label set if one follows) of the line at {@link #pos}
   * ends, without decoding it; -1 when it cannot be delimited (the full parse reports why).
   */
  private int seriesEnd() {
    long h = 0xcbf29ce484222325L;
    int i = pos;
    while (i < end) {
      char c = text.charAt(i);
      if (!isNameChar(c)) {
        break;
      }
      h = (h ^ c) * 0x100000001b3L;
      i++;
    }
    if (i == pos) {
      return -1;
    }
    seriesHash = mix(h);
    int j = i;
    char c = 0;
    while (j < end && isBlank(c = text.charAt(j))) {
      h = (h ^ c) * 0x100000001b3L;
      j++;
    }
    if (j >= end || c != '{') {
      return i;
    }
    boolean quoted = false;
    for (; j < end; j++) {
      c = text.charAt(j);
      h = (h ^ c) * 0x100000001b3L;
      if (quoted) {
        if (c == '\\' && j + 1 < end) {
          j++;
          h = (h ^ text.charAt(j)) * 0x100000001b3L;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '}') {
        seriesHash = mix(h);
        return j + 1;
      }
    }
    return -1;
  }

  /** The hash {@link #seriesEnd} computed of the series text it delimited (as {@link #hash}). */
  private long seriesHash;

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** A 64-bit hash of {@code text[from, to)}: FNV-1a over the chars, then a final mix. */
  private long hash(int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return mix(h);
  }

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  /**
   * {@code [-]digits[.digits]} with at most 15 significant digits, exactly (a mantissa below 2^53
   * divided by a power of ten up to 10^22 is correctly rounded); NaN for anything else, which
   * {@link #number} then reads.
   */
  private double fastDecimal(int from, int to) {
    int i = from;
    boolean negative = false;
    if (i < to && text.charAt(i) == '-') {
      negative = true;
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < to; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 15) {
          return Double.NaN;
        }
        mantissa = mantissa * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    double v = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : (double) mantissa;
    return negative ? (mantissa == 0 ? -0.0 : -v) : v;
  }

  /** The family a sample belongs to: its own name if typed, else without a known suffix. */
  private String family(String name) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix :
        new String[] {
          "_bucket", "_count", "_sum", "_total", "_created", "_gcount", "_gsum", "_info"
        }) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return name;
  }

  private String metricName() throws ParseException {
    return name(true, "expected a metric name");
  }

  /** A metric name ({@code colons}) or a label name at {@link #pos}, or {@code missing}. */
  private String name(boolean colons, String missing) throws ParseException {
    int start = pos;
    while (pos < end) {
      char c = text.charAt(pos);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (colons && c == ':')
              || (pos > start && c >= '0' && c <= '9');
      if (!ok) {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw error(missing);
    }
    return text.substring(start, pos);
  }

  /** {@code {a="b",…}}: fills {@link #names}/{@link #values}; returns how many. */
  private int labels() throws ParseException {
    pos++; // '{'
    int n = 0;
    while (true) {
      skipBlanks();
      if (pos >= end) {
        throw error("label set not closed with }");
      }
      if (text.charAt(pos) == '}') {
        pos++;
        return n;
      }
      String label = name(false, "expected a label name");
      skipBlanks();
      if (pos >= end || text.charAt(pos) != '=') {
        throw error("expected = after label " + label);
      }
      pos++;
      skipBlanks();
      if (pos >= end || text.charAt(pos) != '"') {
        throw error("expected \" to open the value of label " + label);
      }
      pos++;
      String value = labelValue(label);
      for (int i = 0; i < n; i++) {
        if (names[i].equals(label)) {
          throw error("label " + label + " appears twice");
        }
      }
      if (!value.isEmpty()) { // an empty value is no label (Prometheus)
        if (n == names.length) {
          names = java.util.Arrays.copyOf(names, n * 2);
          values = java.util.Arrays.copyOf(values, n * 2);
        }
        names[n] = label;
        values[n] = value;
        n++;
      }
      skipBlanks();
      if (pos < end && text.charAt(pos) == ',') {
        pos++;
      } else if (pos >= end || text.charAt(pos) != '}') {
        throw error("expected , or } after the value of label " + label);
      }
    }
  }

  private String labelValue(String label) throws ParseException {
    scratch.setLength(0);
    while (pos < end) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return scratch.toString();
      }
      if (c == '\\') {
        if (pos >= end) {
          break;
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '\\' -> scratch.append('\\');
          case '"' -> scratch.append('"');
          case 'n' -> scratch.append('\n');
          default -> throw error("invalid escape \\" + e + " in the value of label " + label);
        }
      } else {
        scratch.append(c);
      }
    }
    throw error("the value of label " + label + " is not closed with \"");
  }

  private String token() {
    int start = pos;
    while (pos < end && !isBlank(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private double number(String s, String name) throws ParseException {
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "+Inf", "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (!isDecimal(s)) {
      throw error("invalid value \"" + s + "\" for " + name);
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw error("invalid value \"" + s + "\" for " + name);
    }
  }

  private long timestamp(String s) throws ParseException {
    if (format == Format.OPENMETRICS) {
      if (!isDecimal(s)) {
        throw error("invalid timestamp \"" + s + "\" (seconds, e.g. 1700000000.123)");
      }
      return Math.round(Double.parseDouble(s) * 1000);
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw error("invalid timestamp \"" + s + "\" (milliseconds since the epoch, an integer)");
    }
  }

  /** Digits, one dot, an exponent: what a float looks like (Java would take "1d" or "0x1p3"). */
  private static boolean isDecimal(String s) {
    if (s.isEmpty()) {
      return false;
    }
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
        return false;
      }
    }
    return digit;
  }

  private void skipBlanks() {
    while (pos < end && isBlank(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private ParseException error(String message) {
    return new ParseException(line, message);
  }
}
