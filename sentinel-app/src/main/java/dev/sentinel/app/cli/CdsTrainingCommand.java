package dev.sentinel.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import sun.misc.Signal;

/**
 * {@code sentinel cds-training} (hidden): what the launcher runs, once per JVM and set of jars,
 * under {@code -XX:ArchiveClassesAtExit} to make the class-data archive every later start maps. It
 * walks the paths a user's commands take — the whole command line, {@code check} of a config with
 * every plugin the package's config uses and both remote-write destinations, {@code trigger ping
 * 127.0.0.1}, a few seconds of the daemon — and prints nothing; its result does not matter, only
 * the classes it loaded.
 */
@Command(name = "cds-training", hidden = true, description = "Load classes for the archive.")
final class CdsTrainingCommand implements Callable<Integer> {
  private static final long DAEMON_MILLIS = 3000;
  private static final String CONFIG =
      """
      buffer: {type: disk, disk_path: /nonexistent/sentinel-cds-training}
      sender:
        direct:
          victoria_metrics: {enabled: true, url: "http://127.0.0.1:9/api/v1/write"}
          prometheus: {enabled: true, url: "http://127.0.0.1:9/api/v1/write"}
      tasks:
        - {id: ping, plugin: ping, interval: 10s, config: {host: 127.0.0.1}}
        - {id: net, plugin: netdev, interval: 30s}
        - {id: http, plugin: http, interval: 30s, config: {url: "http://127.0.0.1:9/"}}
        - {id: tcp, plugin: tcp, interval: 30s, config: {host: 127.0.0.1, port: 9}}
      logging: {output: stdout}
      self_metrics: {listen: ""}
      """;

  @Override
  public Integer call() throws IOException {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    Path dir = Files.createTempDirectory("sentinel-cds-training");
    try {
      Path check = Files.writeString(dir.resolve("check.yaml"), CONFIG);
      Main.execute(sink, sink, "check", "-c", check.toString());
      Main.execute(sink, sink, "trigger", "ping", "127.0.0.1", "-n", "1", "-t", "200ms");
      daemon(sink, dir);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
    return Main.OK;
  }

  /**
   * Runs the daemon for a few seconds on a config like the package's (a disk spool in {@code dir},
   * remote write to a closed loopback port, ping and netdev, the web listener), then stops it the
   * way systemd does, with SIGTERM: the classes of start-up, runs, flushes, failures and shutdown.
   */
  private static void daemon(PrintWriter sink, Path dir) throws IOException {
    Path config = dir.resolve("daemon.yaml");
    Files.writeString(
        config,
        """
        buffer: {type: disk, disk_path: "%s"}
        sender:
          flush_interval: 1s
          direct:
            victoria_metrics: {enabled: true, url: "http://127.0.0.1:9/api/v1/write"}
        tasks:
          - {id: ping, plugin: ping, interval: 1s, config: {host: 127.0.0.1, count: 1}}
          - {id: net, plugin: netdev, interval: 1s}
        logging: {output: stdout}
        self_metrics: {listen: "127.0.0.1:0"}
        """
            .formatted(dir.resolve("spool")));
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(DAEMON_MILLIS);
              } catch (InterruptedException e) {
                return;
              }
              Signal.raise(new Signal("TERM"));
            },
            "cds-training-stop");
    stopper.setDaemon(true);
    stopper.start();
    try {
      Main.execute(sink, sink, "start", "-c", config.toString());
    } finally {
      stopper.interrupt();
    }
  }
}
