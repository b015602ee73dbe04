package dev.sentinel.app.cli;

import dev.sentinel.core.plugin.PluginRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * The plugins for the command line. {@code sentinel trigger} builds its subcommands from them, so
 * they are loaded first (ServiceLoader: cheap); their native set-up (JNA, sockets) then runs on a
 * background thread while the command line is parsed, and a trigger waits for it before running. A
 * one-shot command's wall time is what a user feels.
 */
final class PluginPreload {
  private static PluginRegistry registry;
  private static CompletableFuture<Void> prepared = CompletableFuture.completedFuture(null);

  private PluginPreload() {}

  /** Loads the plugins now and prepares them in the background (for {@code trigger}). */
  static synchronized void start() {
    PluginRegistry r = registry();
    CompletableFuture<Void> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                r.prepare();
              } finally {
                f.complete(null);
              }
            },
            "plugin-preload");
    t.setDaemon(true);
    t.start();
    prepared = f;
  }

  /** The plugins, loaded once per process. */
  static synchronized PluginRegistry registry() {
    if (registry == null) {
      registry = PluginRegistry.load();
    }
    return registry;
  }

  /** Waits for the background preparation, if one was started (a failure shows up in the run). */
  static void awaitPrepared() {
    CompletableFuture<Void> f;
    synchronized (PluginPreload.class) {
      f = prepared;
    }
    f.join();
  }
}
