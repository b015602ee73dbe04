package dev.sentinel.plugins.tcp;

import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.plugins.PluginContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

class TcpPluginContractTest extends PluginContract {
  // Accepts and never answers: an expect step waits until the timeout or an interrupt.
  private static final TestServer SILENT;

  static {
    try {
      SILENT = TestServer.start(TestServer::silent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    SILENT.close();
  }

  @Override
  protected Plugin plugin() {
    return new TcpPlugin();
  }

  @Override
  protected Map<String, ?> validOptions() {
    return Map.of(
        "host",
        "127.0.0.1",
        "port",
        25,
        "tls",
        true,
        "tls_config",
        Map.of("ca_file", "/etc/ssl/ca.pem", "server_name", "mail.lan"),
        "query_response",
        List.of(Map.of("expect", "^220 "), Map.of("send", "QUIT\r\n")),
        "ip_family",
        "ip4",
        "source",
        "127.0.0.1",
        "timeout",
        "2s");
  }

  @Override
  protected List<Map<String, ?>> badOptions() {
    return List.of(
        Map.of(),
        Map.of("host", "127.0.0.1"),
        Map.of("host", "-x", "port", 25),
        Map.of("host", "127.0.0.1", "port", 0),
        Map.of("host", "127.0.0.1", "port", 25, "query_response", List.of(Map.of("expect", "("))),
        Map.of("host", "127.0.0.1", "port", 25, "tls_config", Map.of("cert_file", "c.pem")));
  }

  @Override
  protected Setup failingTarget() {
    try {
      return new Setup(
          new TcpPlugin(), Map.of("host", "127.0.0.1", "port", TestServer.closedPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Setup slowTarget() {
    return new Setup(
        new TcpPlugin(),
        Map.of(
            "host",
            "127.0.0.1",
            "port",
            SILENT.port(),
            "timeout",
            "10s",
            "query_response",
            List.of(Map.of("expect", "^220"))));
  }
}
