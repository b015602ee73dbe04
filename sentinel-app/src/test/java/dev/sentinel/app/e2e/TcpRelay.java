package dev.sentinel.app.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards TCP connections from an address other network namespaces can reach (a veth's host side)
 * to a server that listens on loopback only, such as the test VictoriaMetrics.
 */
final class TcpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;

  private TcpRelay(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Listens on a free port of {@code address} and forwards to 127.0.0.1:{@code targetPort}. */
  static TcpRelay start(String address, int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    TcpRelay relay = new TcpRelay(server, targetPort);
    daemon("relay-accept", relay::acceptLoop);
    return relay;
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        daemon("relay-up", () -> pump(in, out));
        daemon("relay-down", () -> pump(out, in));
      } catch (IOException e) {
        close(in); // the target is down (an outage): the client sees its connection drop
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // either side closed
    } finally {
      close(from);
      close(to);
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
