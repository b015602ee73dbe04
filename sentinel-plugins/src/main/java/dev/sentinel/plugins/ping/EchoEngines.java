package dev.sentinel.plugins.ping;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide echo engines, one per method, created on first use and shared by every ping
 * task. {@code auto} picks the first that works: ICMP datagram socket, raw socket, the ping
 * command.
 */
final class EchoEngines {
  private static final Map<String, EchoEngine> ENGINES = new ConcurrentHashMap<>();

  private EchoEngines() {}

  static EchoEngine forMethod(String method) {
    return ENGINES.computeIfAbsent(method, m -> new ExecPingEngine());
  }
}
