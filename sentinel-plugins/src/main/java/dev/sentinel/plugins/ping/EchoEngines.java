package dev.sentinel.plugins.ping;

import dev.sentinel.plugins.ping.echo.EchoEngine;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.icmp.IcmpUnavailableException;
import dev.sentinel.plugins.ping.icmp.NativeEchoEngine;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide echo engines, one per method, opened on first use and shared by every ping task.
 * {@code auto} takes the first that works: ICMP datagram socket (no privileges when {@code
 * net.ipv4.ping_group_range} allows the process's group), raw socket (CAP_NET_RAW), the {@code
 * ping} command. The choice is logged once.
 */
final class EchoEngines {
  private static final Logger logger = LoggerFactory.getLogger(EchoEngines.class);
  private static final Map<String, EchoEngine> ENGINES = new ConcurrentHashMap<>();

  static final String FIXES =
      "allow unprivileged ICMP with sysctl net.ipv4.ping_group_range=\"0 2147483647\","
          + " or give the service CAP_NET_RAW (systemd AmbientCapabilities=CAP_NET_RAW)";

  private EchoEngines() {}

  static EchoEngine forMethod(String method) {
    return ENGINES.computeIfAbsent(method, EchoEngines::open);
  }

  /** Closes every engine opened so far (their sockets and receiver threads). */
  /** The methods of the engines open now, e.g. {@code icmp-dgram}; empty before the first ping. */
  static String methods() {
    return ENGINES.values().stream()
        .map(EchoEngine::method)
        .distinct()
        .sorted()
        .collect(java.util.stream.Collectors.joining(", "));
  }

  static void closeAll() {
    for (String method : List.copyOf(ENGINES.keySet())) {
      EchoEngine e = ENGINES.remove(method);
      if (e instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ex) {
          logger
              .atWarn()
              .setMessage("Closing the ping engine failed")
              .addKeyValue("error", ex.toString())
              .log();
        }
      }
    }
  }

  /** Opens one way of sending echoes, or returns null after adding why not to {@code refused}. */
  @FunctionalInterface
  interface Opener {
    EchoEngine open(List<String> refused);
  }

  private static EchoEngine open(String method) {
    return choose(
        method,
        r -> nativeEngine(NativeEchoEngine.Kind.DGRAM, r),
        r -> nativeEngine(NativeEchoEngine.Kind.RAW, r),
        EchoEngines::execEngine);
  }

  static EchoEngine choose(String method, Opener dgram, Opener raw, Opener exec) {
    List<String> refused = new ArrayList<>();
    EchoEngine engine =
        switch (method) {
          case "dgram" -> dgram.open(refused);
          case "raw" -> raw.open(refused);
          case "exec" -> exec.open(refused);
          default -> {
            EchoEngine e = dgram.open(refused);
            if (e == null) {
              e = raw.open(refused);
            }
            yield e != null ? e : exec.open(refused);
          }
        };
    if (engine == null) {
      String reason = "cannot send ICMP echo (" + String.join("; ", refused) + "): " + FIXES;
      logger.atError().setMessage("No ping engine: " + reason).addKeyValue("method", method).log();
      return new Unavailable(reason);
    }
    logger
        .atInfo()
        .setMessage("Ping engine ready")
        .addKeyValue("method", engine.method())
        .addKeyValue("requested", method)
        .addKeyValue("skipped", String.join("; ", refused))
        .log();
    return engine;
  }

  private static EchoEngine nativeEngine(NativeEchoEngine.Kind kind, List<String> refused) {
    try {
      return NativeEchoEngine.open(kind);
    } catch (IcmpUnavailableException e) {
      refused.add(e.getMessage());
      return null;
    } catch (LinkageError e) { // no JNA native support on this platform
      refused.add(
          kind.name().toLowerCase(Locale.ROOT) + ": native access unavailable: " + e.getMessage());
      return null;
    }
  }

  private static EchoEngine execEngine(List<String> refused) {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      File ping = new File(dir, "ping");
      if (ping.canExecute()) {
        return new ExecPingEngine(ping.getPath());
      }
    }
    refused.add("no ping command on the PATH");
    return null;
  }

  /** Fails every run with the reason no engine could be opened; other tasks keep running. */
  private record Unavailable(String reason) implements EchoEngine {
    @Override
    public String method() {
      return "none";
    }

    @Override
    public List<EchoResult> ping(List<PingTarget> targets, EchoSpec spec, EchoListener listener) {
      return targets.stream().map(t -> EchoResult.failed(t, 0, reason)).toList();
    }
  }
}
