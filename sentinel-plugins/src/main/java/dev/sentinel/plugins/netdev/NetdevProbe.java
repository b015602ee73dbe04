package dev.sentinel.plugins.netdev;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One netdev task: each run reads the interface counters ({@code /proc/net/dev}), the protocol
 * counters ({@code /proc/net/snmp}, {@code netstat}, {@code snmp6}) and optionally the link state
 * from sysfs, and turns them into samples (counters, plus per-second rates when asked). A line that
 * cannot be read is skipped, counted in {@code netdev_read_errors} and logged once; only an
 * unreadable {@code /proc/net/dev} fails the run.
 */
final class NetdevProbe implements Probe {
  private static final Logger logger = LoggerFactory.getLogger(NetdevProbe.class);

  static final String INTERFACE = "interface";
  static final String FILE = "file";

  /** Host-wide gauges among the protocol values; everything else there is a counter. */
  private static final Set<String> GAUGES =
      Set.of(
          "Ip_Forwarding",
          "Ip_DefaultTTL",
          "Tcp_RtoAlgorithm",
          "Tcp_RtoMin",
          "Tcp_RtoMax",
          "Tcp_MaxConn",
          "Tcp_CurrEstab",
          "Ip6_Forwarding");

  private final NetdevOptions options;
  private final LongSupplier nanos;
  private final Rates rates = new Rates();

  /** What has been logged already (a bad line repeats every run; it is logged once). */
  private final Set<String> logged = new HashSet<>();

  NetdevProbe(NetdevOptions options, LongSupplier nanos) {
    this.options = options;
    this.nanos = nanos;
  }

  /**
   * Planned for eight interfaces of 16 counters, their link state and a few dozen protocol
   * counters; twice that with rates. The files are read at run time, so this is a guess.
   */
  static int samplesPerRun(NetdevOptions options) {
    int perInterface = 16 + (options.link() ? 6 : 0);
    int series = 8 * perInterface + (options.netstat() ? 40 : 0) + 1;
    return options.rates() ? 2 * series : series;
  }

  /** The labels its samples add. */
  static final Set<String> LABELS = Set.of(INTERFACE, FILE);

  @Override
  public ProbeResult run(ProbeContext context) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Path net = options.procPath().resolve("net");
    Map<String, Integer> problemCounts = new LinkedHashMap<>();
    List<ParseProblem> problems = new ArrayList<>();
    List<String> dev;
    try {
      dev = lines(net.resolve("dev"));
    } catch (IOException e) {
      String error = "cannot read " + net.resolve("dev") + ": " + reason(e);
      return ProbeResult.failure(
          error, List.of(context.gauge("netdev_read_errors", 1, FILE, "dev")));
    }
    NetDevFile.Parsed parsed = NetDevFile.parse("dev", dev);
    record(problems, problemCounts, "dev", parsed.problems());
    List<Reading> interfaces = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (NetDevFile.Interface i : parsed.interfaces()) {
      if (!options.wants(i.name())) {
        continue;
      }
      names.add(i.name());
      for (int c = 0; c < parsed.columns().size(); c++) {
        interfaces.add(
            new Reading(
                "netdev_" + parsed.columns().get(c) + "_total", i.name(), i.values()[c], true));
      }
      if (options.link()) {
        interfaces.addAll(LinkState.read(options.sysPath().resolve("class/net"), i.name()));
      }
    }
    List<Reading> protocols = new ArrayList<>();
    if (options.netstat()) {
      protocols.addAll(protocolFile(net, "snmp", false, problems, problemCounts));
      protocols.addAll(protocolFile(net, "netstat", false, problems, problemCounts));
      protocols.addAll(protocolFile(net, "snmp6", true, problems, problemCounts));
    }
    List<Reading> all = new ArrayList<>(interfaces);
    all.addAll(protocols);
    List<Rates.Rate> perSecond = options.rates() ? rates.update(all, nanos.getAsLong()) : List.of();

    List<Sample> samples = new ArrayList<>(all.size() + perSecond.size() + problemCounts.size());
    for (Reading r : all) {
      String[] labels = r.iface() == null ? new String[0] : new String[] {INTERFACE, r.iface()};
      samples.add(
          r.counter()
              ? context.counter(r.name(), r.value(), labels)
              : context.gauge(r.name(), r.value(), labels));
    }
    for (Rates.Rate rate : perSecond) {
      Reading r = rate.counter();
      String[] labels = r.iface() == null ? new String[0] : new String[] {INTERFACE, r.iface()};
      samples.add(context.gauge(rate.name(), rate.perSecond(), labels));
    }
    problemCounts.forEach(
        (file, n) -> samples.add(context.gauge("netdev_read_errors", n, FILE, file)));
    logOnce(problems);
    if (context.listener() != ProbeContext.Listener.NONE) {
      NetdevTable.print(
          context.listener(), names, interfaces, protocols, perSecond, problems, options);
    }
    return ProbeResult.success(samples);
  }

  /**
   * Reads one protocol file; a missing snmp6 is normal (IPv6 off), other missing files are logged
   * once.
   */
  private List<Reading> protocolFile(
      Path net,
      String name,
      boolean snmp6,
      List<ParseProblem> problems,
      Map<String, Integer> problemCounts) {
    List<String> lines;
    try {
      lines = lines(net.resolve(name));
    } catch (IOException e) {
      if (!(snmp6 && e instanceof NoSuchFileException)) {
        String text = "cannot read " + net.resolve(name) + ": " + reason(e);
        problems.add(new ParseProblem(name, 0, text));
        problemCounts.merge(name, 1, Integer::sum);
      }
      return List.of();
    }
    SnmpFile.Parsed parsed =
        snmp6 ? SnmpFile.parseSnmp6(name, lines) : SnmpFile.parsePairs(name, lines);
    record(problems, problemCounts, name, parsed.problems());
    List<Reading> out = new ArrayList<>();
    parsed
        .values()
        .forEach(
            (field, value) -> {
              if (options.wantsField(field)) {
                boolean gauge = GAUGES.contains(field);
                out.add(
                    new Reading("netstat_" + field + (gauge ? "" : "_total"), null, value, !gauge));
              }
            });
    return out;
  }

  private static void record(
      List<ParseProblem> all, Map<String, Integer> counts, String file, List<ParseProblem> found) {
    all.addAll(found);
    counts.merge(file, found.size(), Integer::sum);
  }

  private void logOnce(List<ParseProblem> problems) {
    for (ParseProblem p : problems) {
      if (logged.size() < 100 && logged.add(p.file() + ":" + p.message())) {
        if (p.line() == 0) {
          logger.atWarn().setMessage("netdev: " + p.message()).log();
        } else {
          logger
              .atWarn()
              .setMessage("netdev: skipped a line it cannot read")
              .addKeyValue("file", options.procPath().resolve("net").resolve(p.file()).toString())
              .addKeyValue("line", p.line())
              .addKeyValue("problem", p.message())
              .log();
        }
      }
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
