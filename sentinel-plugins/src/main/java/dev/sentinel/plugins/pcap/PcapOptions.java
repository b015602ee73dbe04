package dev.sentinel.plugins.pcap;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.plugin.TaskInfo;
import java.time.Duration;
import java.util.Optional;

/**
 * A pcap task's validated options. Every problem is reported through the {@link Section}. The only
 * work beyond parsing is compiling {@code bpf_filter} with libpcap (no capture, see {@link
 * FilterCheck}).
 *
 * @param window how long each run captures, or {@code null} for continuous capture between runs
 */
record PcapOptions(
    String interfaceName,
    String bpfFilter,
    int snaplen,
    boolean promiscuous,
    int bufferSize,
    Duration window,
    int topTalkers) {

  static final int DEFAULT_SNAPLEN = 128;
  static final int MIN_SNAPLEN = 64;
  static final int MAX_SNAPLEN = 262_144;
  static final long DEFAULT_BUFFER_SIZE = 8L << 20;
  static final long MIN_BUFFER_SIZE = 64L << 10;
  static final long MAX_BUFFER_SIZE = 1L << 30;
  static final Duration MIN_WINDOW = Duration.ofMillis(100);
  static final Duration MAX_WINDOW = Duration.ofHours(1);

  /** Time a window mode run needs besides the window: opening and closing the capture. */
  static final Duration WINDOW_SLACK = Duration.ofSeconds(1);

  static final int MAX_TOP_TALKERS = 100;

  // The option keys a trigger sets too, spelled once.
  static final String INTERFACE = "interface";
  static final String WINDOW = "window";
  static final String BPF_FILTER = "bpf_filter";
  static final String SNAPLEN = "snaplen";
  static final String PROMISCUOUS = "promiscuous";
  static final String TOP_TALKERS = "top_talkers";

  static PcapOptions parse(Section o, TaskInfo task) {
    String iface = interfaceName(o);
    int snaplen = o.integer(SNAPLEN, DEFAULT_SNAPLEN, MIN_SNAPLEN, MAX_SNAPLEN);
    String filter = filter(o, snaplen, iface.equals("any"));
    boolean promiscuous = o.bool(PROMISCUOUS, false);
    int bufferSize =
        (int) o.size("buffer_size", DEFAULT_BUFFER_SIZE, MIN_BUFFER_SIZE, MAX_BUFFER_SIZE);
    Duration window = window(o, task);
    int top = o.integer(TOP_TALKERS, 0, 0, MAX_TOP_TALKERS);
    return new PcapOptions(iface, filter, snaplen, promiscuous, bufferSize, window, top);
  }

  String modeText() {
    return window == null ? "continuous" : "window " + Durations.format(window);
  }

  private static String interfaceName(Section o) {
    boolean present = o.has(INTERFACE);
    Optional<String> value = o.string(INTERFACE);
    String name = value.orElse("").strip();
    if (name.isEmpty()) {
      if (value.isPresent() || !present) { // else a list or mapping, reported already
        o.error(INTERFACE, "is required");
      }
      return "";
    }
    // Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no slash, no white space.
    if (name.length() > 15 || name.chars().anyMatch(c -> c == '/' || c <= ' ' || c == 0x7f)) {
      o.error(
          INTERFACE,
          "\""
              + name
              + "\" is not an interface name (at most 15 characters, no spaces or /;"
              + " list them with: ip -br link, or use any)");
      return "";
    }
    return name;
  }

  private static String filter(Section o, int snaplen, boolean any) {
    String filter = o.string(BPF_FILTER, "").strip();
    if (!filter.isEmpty()) {
      FilterCheck.problem(filter, snaplen, any)
          .ifPresent(
              why ->
                  o.error(
                      BPF_FILTER,
                      "\"" + filter + "\" is not a valid capture filter (" + why + ")"));
    }
    return filter;
  }

  private static Duration window(Section o, TaskInfo task) {
    if (!o.has(WINDOW)) {
      o.accept(WINDOW);
      return null;
    }
    Duration window = o.duration(WINDOW, MIN_WINDOW, MIN_WINDOW, MAX_WINDOW);
    Optional<Duration> timeout = Optional.ofNullable(task.timeout());
    if (timeout.isPresent() && window.plus(WINDOW_SLACK).compareTo(timeout.get()) > 0) {
      o.error(
          WINDOW,
          "must be at least "
              + Durations.format(WINDOW_SLACK)
              + " shorter than the task's timeout ("
              + Durations.format(timeout.get())
              + "), to open and close the capture: shorten it, raise the task's"
              + " timeout, or leave window out for continuous capture");
    }
    return window;
  }
}
