package dev.sentinel.app.cli;

import dev.sentinel.app.logging.LoggingSetup;
import dev.sentinel.app.reload.ConfigWatcher;
import dev.sentinel.app.reload.Reloader;
import dev.sentinel.app.status.StatusApi;
import dev.sentinel.app.status.StatusBoard;
import dev.sentinel.app.web.MetricsServer;
import dev.sentinel.app.web.ReloadEndpoint;
import dev.sentinel.app.web.StaticAssets;
import dev.sentinel.core.SentinelVersion;
import dev.sentinel.core.config.SentinelConfig;
import dev.sentinel.core.engine.Engine;
import dev.sentinel.core.engine.StartException;
import dev.sentinel.core.schedule.QuartzTaskScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code sentinel start -c FILE}: run the daemon until SIGTERM/SIGINT, then flush and exit 0. */
@Command(name = "start", description = "Run the daemon.")
final class StartCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--watch-config",
      description =
          "Reload the config when the file changes (checked every 2 s), as on SIGHUP or POST"
              + " /-/reload.")
  boolean watchConfig;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    SentinelConfig c = config.load(err);
    if (c == null) {
      return Main.USAGE;
    }
    LoggingSetup.apply(c.logging());
    // Obtained here, not in a static field: picocli creates every command object, and one-shot
    // commands (check, trigger, version) start faster without initialising logback.
    Logger logger = LoggerFactory.getLogger(StartCommand.class);
    c.warnings().forEach(w -> logger.atWarn().setMessage(w).log());
    logger
        .atInfo()
        .setMessage("Starting Sentinel")
        .addKeyValue("version", SentinelVersion.get())
        .addKeyValue("config", c.source())
        .log();
    long startedMs = System.currentTimeMillis();
    CountDownLatch stop = new CountDownLatch(1);
    // Open what the tasks' plugins need (e.g. the ICMP engine) now, so start-up reports it.
    config.plugins.prepare(c.enabledTasks().stream().map(t -> t.plugin()).toList());
    Clock clock = Clock.systemUTC();
    Engine engine = new Engine(c, SentinelVersion.get(), clock, new QuartzTaskScheduler(2));
    StatusBoard board = new StatusBoard(type -> config.plugins.statusView(type), clock);
    engine.addRunListener(board);
    Reloader reloader =
        new Reloader(
            engine,
            config::loadOrThrow,
            next ->
                config.plugins.prepare(next.enabledTasks().stream().map(t -> t.plugin()).toList()),
            next -> {
              if (!next.logging().equals(engine.config().logging())) {
                LoggingSetup.apply(next.logging());
              }
            },
            clock);
    ExecutorService reloads =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "config-reload");
              t.setDaemon(true);
              return t;
            });
    handleSignals(logger, stop, () -> reloads.execute(() -> reloader.reload("signal")));
    MetricsServer web = null;
    ConfigWatcher watcher = null;
    try {
      if (!c.selfMetricsListen().isEmpty()) {
        try {
          web =
              MetricsServer.start(
                  c.selfMetricsListen(),
                  engine.metrics().registry(),
                  engine::readiness,
                  config.web);
        } catch (IOException e) {
          throw new StartException("self_metrics.listen", e.getMessage(), e);
        }
        StatusApi api =
            new StatusApi(
                engine,
                board,
                reloader,
                config.plugins::runtimeInfo,
                config.file.toAbsolutePath().toString(),
                startedMs,
                clock);
        web.route("/api/v1/", api::handle);
        web.route("/-/reload", ex -> ReloadEndpoint.handle(ex, reloader));
        StaticAssets.register(web);
      }
      engine.start();
      if (watchConfig) {
        watcher = ConfigWatcher.start(config.file, () -> reloader.reload("file"));
      }
      logger
          .atInfo()
          .setMessage("Sentinel started")
          .addKeyValue("sentinel", c.identity().name())
          .addKeyValue("tasks", c.enabledTasks().size())
          .addKeyValue("workers", c.workerPoolSize())
          .addKeyValue("destinations", c.sender().destinations().size())
          .addKeyValue("self_metrics", web == null ? "off" : c.selfMetricsListen())
          .addKeyValue("self_metrics_web", web == null ? "off" : config.web.describe())
          .log();
    } catch (StartException e) {
      logger.atError().setMessage("Cannot start: " + e.key() + ": " + e.getMessage()).log();
      err.println(c.source() + ": " + e.key() + ": " + e.getMessage());
      engine.stop();
      if (web != null) {
        web.close();
      }
      config.plugins.close();
      LoggingSetup.stop();
      return Main.USAGE;
    }
    stop.await();
    if (watcher != null) {
      watcher.close();
    }
    reloads.shutdownNow();
    engine.stop();
    if (web != null) {
      web.close();
    }
    config.plugins.close();
    LoggingSetup.stop();
    return Main.OK;
  }

  /**
   * Signals whose default action would end the process: they stop it gracefully instead. Not
   * SIGUSR2: HotSpot suspends threads with it (JFR's execution sampler), so handling it made every
   * profiling attempt stop the daemon.
   */
  static final List<String> STOP_SIGNALS = List.of("TERM", "INT", "USR1", "ALRM");

  /**
   * Handling the signals ourselves (not a shutdown hook) lets the process flush and exit 0. SIGHUP
   * reloads the config (on a thread of its own: the signal thread must not wait). SIGPIPE and
   * SIGXFSZ stay the JVM's (it ignores them), SIGPROF/SIGVTALRM the profilers'.
   */
  private static void handleSignals(Logger logger, CountDownLatch stop, Runnable reload) {
    for (String name : STOP_SIGNALS) {
      Signal.handle(
          new Signal(name),
          s -> {
            logger
                .atInfo()
                .setMessage("Received signal")
                .addKeyValue("signal", "SIG" + s.getName())
                .log();
            stop.countDown();
          });
    }
    Signal.handle(
        new Signal("HUP"),
        s -> {
          logger.atInfo().setMessage("Received signal").addKeyValue("signal", "SIGHUP").log();
          reload.run();
        });
  }
}
