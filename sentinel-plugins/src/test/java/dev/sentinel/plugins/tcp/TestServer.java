package dev.sentinel.plugins.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback server on an ephemeral port; each connection is handled on its own thread. */
final class TestServer implements AutoCloseable {
  @FunctionalInterface
  interface Handler {
    void handle(Socket s) throws Exception;
  }

  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  /** Remote addresses of accepted connections. */
  final List<InetAddress> peers = new CopyOnWriteArrayList<>();

  TestServer(ServerSocket server, Handler handler) {
    this.server = server;
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  open.add(s);
                  peers.add(s.getInetAddress());
                  Thread t =
                      new Thread(
                          () -> {
                            try (s) {
                              handler.handle(s);
                            } catch (Exception e) {
                              // the probe's side decides what this means
                            }
                          },
                          "test-server-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "test-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static TestServer start(Handler handler) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new TestServer(s, handler);
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }

  /**
   * SMTP-like: greets, answers PING with PONG, QUIT with 221 and a close, anything else with 500.
   */
  static void greeter(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    out.write("220 ready\r\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      switch (line) {
        case "PING" -> out.write("PONG\r\n".getBytes(StandardCharsets.UTF_8));
        case "QUIT" -> {
          out.write("221 bye\r\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          return;
        }
        default -> out.write("500 what?\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
    }
  }

  /** Accepts and says nothing until the client goes away. */
  static void silent(Socket s) throws IOException {
    while (s.getInputStream().read() >= 0) {
      // discard
    }
  }

  /** A loopback port with nothing listening: bound, then closed. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }
}
