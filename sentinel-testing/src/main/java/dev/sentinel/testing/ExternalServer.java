package dev.sentinel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real server binary run on a free loopback port with its data in a fresh temporary directory,
 * for integration tests. Start fails (never skips) when the binary is missing or does not become
 * healthy in time; {@link #close()} stops the process, waits for it and deletes the directory.
 */
public abstract class ExternalServer implements AutoCloseable {
  static final Duration START_DEADLINE = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private final String what;
  private final Path binary;
  private final Path dir;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process process;
  private Thread shutdownHook;
  private int port;
  private Path data;

  protected ExternalServer(String what, Path binary) {
    this.what = what;
    this.binary = binary;
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          what
              + " binary "
              + binary
              + " not found or not executable. Integration tests need the"
              + " Debian packages: apt-get install -y --no-install-recommends victoria-metrics"
              + " prometheus prometheus-pushgateway");
    }
    try {
      this.dir = Files.createTempDirectory("sentinel-" + binary.getFileName() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.log = dir.resolve("server.log");
  }

  /** The command line for {@code port}; {@code dir} is this server's private temp directory. */
  protected abstract List<String> command(int port, Path dir) throws IOException;

  /** The path that answers 200 once the server accepts requests (e.g. {@code /health}). */
  protected abstract String healthPath();

  /** {@code server}, launched: for the subclasses' {@code start()} factories. */
  protected static <S extends ExternalServer> S launched(S server) {
    server.launch();
    return server;
  }

  /** Starts the process and waits until healthy; retries on another port if the port was taken. */
  protected final void launch() {
    try {
      for (int attempt = 1; ; attempt++) {
        port = freePort();
        data = Files.createDirectories(dir.resolve("data-" + attempt));
        ProcessBuilder pb = new ProcessBuilder(command(port, data));
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        if (shutdownHook == null) {
          shutdownHook = new Thread(this::stopProcess, "stop-" + what);
          Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        if (awaitHealthy()) {
          return;
        }
        boolean portTaken = logTail().contains("address already in use");
        stopProcess();
        if (!portTaken || attempt == START_ATTEMPTS) {
          String tail = logTail();
          close();
          throw new IllegalStateException(
              what
                  + " did not become healthy at "
                  + baseUrl()
                  + healthPath()
                  + " within "
                  + START_DEADLINE.toSeconds()
                  + "s. Log tail:\n"
                  + tail);
        }
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start " + what, e);
    }
  }

  private boolean awaitHealthy() {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        HttpResponse<String> r = get(healthPath());
        if (r.statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(50);
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** This server's temporary directory (data, config, log); deleted by {@link #close()}. */
  public final Path directory() {
    return dir;
  }

  /** Whether the server process is still running. */
  public final synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public final int port() {
    return port;
  }

  /** E.g. {@code http://127.0.0.1:41234} (no trailing slash). */
  public final String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The server's log so far (stdout and stderr). */
  public final String logTail() {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  protected final HttpResponse<String> get(String pathAndQuery) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).GET());
  }

  protected final HttpResponse<String> post(String pathAndQuery, String body) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** GET that must answer 200; returns the body. */
  protected final String getOk(String pathAndQuery) {
    try {
      HttpResponse<String> r = get(pathAndQuery);
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            what + " GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(what + " GET " + pathAndQuery + " failed", e);
    }
  }

  protected static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  protected static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private synchronized void stopProcess() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the server (an outage) but keeps its port and data for {@link #restart()}. */
  public final void stop() {
    stopProcess();
  }

  /** Starts the server again on the same port with the same data, and waits until healthy. */
  public final void restart() {
    if (process != null) {
      throw new IllegalStateException(what + " is running");
    }
    try {
      ProcessBuilder pb = new ProcessBuilder(command(port, data));
      pb.directory(dir.toFile());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart " + what, e);
    }
    if (!awaitHealthy()) {
      throw new IllegalStateException(
          what
              + " did not become healthy again at "
              + baseUrl()
              + healthPath()
              + ". Log tail:\n"
              + logTail());
    }
  }

  /** Stops the process (waiting for it to exit) and deletes the temporary directory. */
  @Override
  public void close() {
    stopProcess();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      shutdownHook = null;
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    } catch (IOException e) {
      return;
    }
    for (Path p : paths) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // best effort
      }
    }
  }

  @Override
  public String toString() {
    return what + " at " + baseUrl();
  }
}
