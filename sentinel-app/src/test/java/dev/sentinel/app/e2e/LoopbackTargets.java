package dev.sentinel.app.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Targets on 127.0.0.1: a TCP server that greets ("220 ready"), one that accepts and never answers,
 * a UDP port that never answers, a closed port, and an HTTP server that answers 200.
 */
final class LoopbackTargets implements AutoCloseable {
  final ServerSocket greeting;
  final ServerSocket silent;
  final DatagramSocket silentUdp;
  final int refusedPort;
  final HttpServer web;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  private LoopbackTargets() throws IOException {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    greeting = new ServerSocket(0, 200, lo);
    silent = new ServerSocket(0, 200, lo);
    silentUdp = new DatagramSocket(new InetSocketAddress(lo, 0));
    try (ServerSocket closed = new ServerSocket(0, 1, lo)) {
      refusedPort = closed.getLocalPort();
    }
    web = HttpServer.create(new InetSocketAddress(lo, 0), 100);
    web.createContext(
        "/",
        ex -> {
          byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    web.start();
  }

  static LoopbackTargets start() throws IOException {
    LoopbackTargets l = new LoopbackTargets();
    l.serve(
        l.greeting,
        s -> {
          s.getOutputStream().write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          s.close();
        });
    l.serve(l.silent, l.held::add); // accepted, then never read from nor written to
    return l;
  }

  interface Handler {
    void accept(Socket s) throws IOException;
  }

  private void serve(ServerSocket server, Handler handler) {
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  handler.accept(server.accept());
                } catch (IOException e) {
                  return;
                }
              }
            },
            "loopback-" + server.getLocalPort());
    t.setDaemon(true);
    t.start();
    threads.add(t);
  }

  @Override
  public void close() throws IOException {
    greeting.close();
    silent.close();
    silentUdp.close();
    web.stop(0);
    for (Socket s : held) {
      s.close();
    }
  }
}
