package dev.sentinel.plugins.http;

import dev.sentinel.core.plugin.Plugin;
import dev.sentinel.plugins.PluginContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

class HttpPluginContractTest extends PluginContract {
  /** Accepts connections and never answers: a run against it lasts until its timeout. */
  private static ServerSocket silent;

  private static final List<Socket> accepted = new CopyOnWriteArrayList<>();

  private static synchronized int silentPort() {
    if (silent == null) {
      try {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread t =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    accepted.add(silent.accept());
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "silent-server");
      t.setDaemon(true);
      t.start();
    }
    return silent.getLocalPort();
  }

  @AfterAll
  static void closeSilent() throws IOException {
    if (silent != null) {
      silent.close();
    }
    for (Socket s : accepted) {
      s.close();
    }
  }

  @Override
  protected Plugin plugin() {
    return new HttpPlugin();
  }

  @Override
  protected Map<String, ?> validOptions() {
    return Map.of(
        "url",
        "http://127.0.0.1:8080/health",
        "method",
        "GET",
        "timeout",
        "2s",
        "valid_status_codes",
        List.of(200, "3xx"),
        "fail_if_body_not_matches",
        List.of("ok"));
  }

  @Override
  protected List<Map<String, ?>> badOptions() {
    return List.of(
        Map.of(),
        Map.of("url", "ftp://127.0.0.1/"),
        Map.of("url", "http://127.0.0.1/", "timeout", "0s"),
        Map.of("url", "http://127.0.0.1/", "valid_status_codes", List.of(700)),
        Map.of("url", "http://127.0.0.1/", "fail_if_body_matches", List.of("(")),
        Map.of("url", "http://127.0.0.1/", "tls", Map.of("ca_file", "/nonexistent/ca.pem")),
        Map.of("url", "http://127.0.0.1/", "ip_family", "ipv4"));
  }

  @Override
  protected Setup failingTarget() {
    // A loopback port nobody listens on: refused at once.
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Setup(
        new HttpPlugin(), Map.of("url", "http://127.0.0.1:" + port + "/", "timeout", "2s"));
  }

  @Override
  protected Setup slowTarget() {
    return new Setup(
        new HttpPlugin(),
        Map.of("url", "http://127.0.0.1:" + silentPort() + "/", "timeout", "20s"));
  }
}
