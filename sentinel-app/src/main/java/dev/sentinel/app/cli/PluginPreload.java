package dev.sentinel.app.cli;

import dev.sentinel.core.plugin.PluginRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * For {@code sentinel trigger}: loads and prepares the plugins on a background thread as soon as
 * the process starts, so their native set-up (JNA, sockets) overlaps parsing the command line
 * instead of following it. A one-shot command's wall time is what a user feels.
 */
final class PluginPreload {
  private static volatile CompletableFuture<PluginRegistry> preload;

  private PluginPreload() {}

  static void start() {
    CompletableFuture<PluginRegistry> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        PluginRegistry registry = PluginRegistry.load();
        registry.prepare();
        f.complete(registry);
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "plugin-preload");
    t.setDaemon(true);
    t.start();
    preload = f;
  }

  /** The preloaded registry if {@link #start()} ran, else a freshly loaded one. */
  static PluginRegistry registry() {
    CompletableFuture<PluginRegistry> f = preload;
    preload = null;
    if (f != null) {
      try {
        return f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // fall through: load again in this thread, where a failure is reported normally
      }
    }
    return PluginRegistry.load();
  }
}
