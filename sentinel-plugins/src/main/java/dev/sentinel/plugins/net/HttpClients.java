package dev.sentinel.plugins.net;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * What an HTTP plugin holds for the whole process: one base OkHttp client its tasks' clients are
 * built from (sharing its dispatcher and connection pool), and daemon threads for requests made in
 * parallel. Both are made on first use and released by {@link #close()}.
 */
public final class HttpClients {
  private final Supplier<OkHttpClient> make;
  private final String threadPrefix;
  private final Object lock = new Object();
  private OkHttpClient base;
  private ExecutorService workers;

  /** {@code make} builds the base client; worker threads are named {@code threadPrefix-N}. */
  public HttpClients(Supplier<OkHttpClient> make, String threadPrefix) {
    this.make = make;
    this.threadPrefix = threadPrefix;
  }

  public OkHttpClient base() {
    synchronized (lock) {
      if (base == null) {
        base = make.get();
      }
      return base;
    }
  }

  /** Worker threads (daemon: they never hold the JVM). */
  public ExecutorService workers() {
    synchronized (lock) {
      if (workers == null || workers.isShutdown()) {
        AtomicInteger n = new AtomicInteger();
        workers =
            Executors.newCachedThreadPool(
                r -> {
                  Thread t = new Thread(r, threadPrefix + "-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
      }
      return workers;
    }
  }

  /** Stops the workers and closes the pooled connections. */
  public void close() {
    synchronized (lock) {
      if (workers != null) {
        workers.shutdownNow();
      }
      if (base != null) {
        base.connectionPool().evictAll();
      }
    }
  }
}
