package dev.sentinel.plugins.dns;

import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.plugins.PluginContract;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

class DnsPluginContractTest extends PluginContract {
  /** A UDP socket on loopback that is never read: queries to it are never answered. */
  private static DatagramSocket silent;

  private static synchronized String silentServer() {
    if (silent == null) {
      try {
        silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      } catch (SocketException e) {
        throw new UncheckedIOException(e);
      }
    }
    return "127.0.0.1:" + silent.getLocalPort();
  }

  @AfterAll
  static synchronized void closeSilent() {
    if (silent != null) {
      silent.close();
      silent = null;
    }
  }

  @Override
  protected Plugin plugin() {
    return new DnsPlugin();
  }

  @Override
  protected Map<String, ?> validOptions() {
    return Map.of(
        "query_name",
        "example.test",
        "query_type",
        "MX",
        "server",
        "127.0.0.1:5353",
        "transport",
        "tcp",
        "valid_rcodes",
        List.of("NOERROR", "NXDOMAIN"),
        "fail_if_answer_not_matches",
        List.of("mail"),
        "timeout",
        "1s");
  }

  @Override
  protected List<Map<String, ?>> badOptions() {
    return List.of(
        Map.of(),
        Map.of("query_name", "a..b"),
        Map.of("query_name", "example.test", "query_type", "ANY"),
        Map.of("query_name", "example.test", "server", "127.0.0.1:0"),
        Map.of("query_name", "example.test", "transport", "doh"),
        Map.of("query_name", "example.test", "valid_rcodes", List.of("OK")),
        Map.of("query_name", "example.test", "fail_if_answer_matches", List.of("(")),
        Map.of("query_name", "example.test", "timeout", "soon"));
  }

  @Override
  protected Setup failingTarget() {
    return new Setup(
        new DnsPlugin(),
        Map.of("query_name", "example.test", "server", silentServer(), "timeout", "300ms"));
  }

  @Override
  protected Setup slowTarget() {
    // No answer ever comes: the run waits out its 20 s timeout unless interrupted.
    return new Setup(
        new DnsPlugin(),
        Map.of("query_name", "example.test", "server", silentServer(), "timeout", "20s"));
  }
}
