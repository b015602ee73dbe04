package dev.sentinel.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq of the test's own on 127.0.0.1 and a free port, serving only the records given on
 * its command line (no /etc/hosts, no resolv.conf, no upstream, no config file), so it never sends
 * a packet off the machine and never depends on a system dnsmasq. Fails (not skips) when {@code
 * /usr/sbin/dnsmasq} is missing.
 */
public final class Dnsmasq implements AutoCloseable {
  public static final String BINARY = "/usr/sbin/dnsmasq";

  private final Process process;
  private final int port;
  private final Path log;
  private final List<String> command;

  private Dnsmasq(Process process, int port, Path log, List<String> command) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.command = command;
  }

  /**
   * Starts dnsmasq with {@code records} (e.g. {@code --host-record=...}) and waits until it
   * answers.
   */
  public static Dnsmasq start(List<String> records) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(BINARY))) {
      throw new AssertionError(
          BINARY + " is missing: apt-get install -y --no-install-recommends dnsmasq");
    }
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  BINARY,
                  "--no-daemon",
                  "--keep-in-foreground",
                  "--port=" + port,
                  "--listen-address=127.0.0.1",
                  "--bind-interfaces",
                  "--no-resolv",
                  "--no-hosts",
                  "--conf-file=/dev/null",
                  "--pid-file",
                  "--log-facility=-",
                  "--user=root"));
      cmd.addAll(records);
      Path log = Files.createTempFile("sentinel-dnsmasq-", ".log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Dnsmasq d = new Dnsmasq(p, port, log, List.copyOf(cmd));
      if (d.awaitListening()) {
        return d;
      }
      last = new IOException("dnsmasq did not start on port " + port + ": " + d.output());
      d.close();
    }
    throw last;
  }

  public int port() {
    return port;
  }

  public String server() {
    return "127.0.0.1:" + port;
  }

  public List<String> command() {
    return command;
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Waits until dnsmasq accepts TCP on its port (it opens UDP first), or it exits. */
  private boolean awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return true;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    return false;
  }

  /** A port free for both UDP and TCP on 127.0.0.1 right now. */
  static int freePort() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
          return udp.getLocalPort();
        } catch (IOException busy) {
          // taken for UDP: try another
        }
      }
    }
    throw new IOException("no free port on 127.0.0.1");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
