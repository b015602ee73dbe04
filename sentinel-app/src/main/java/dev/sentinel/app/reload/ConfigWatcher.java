package dev.sentinel.app.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code --watch-config}: reads the config file every {@link #PERIOD} and reloads when its content
 * changed and stayed the same for one more look (an editor still writing it is waited for). Polling
 * the content, rather than inotify, also sees a file replaced through a symlink (a Kubernetes
 * ConfigMap) or on a network file system.
 */
public final class ConfigWatcher implements AutoCloseable {
  static final Duration PERIOD = Duration.ofSeconds(2);

  private final Path file;
  private final Runnable onChange;
  private final ScheduledExecutorService executor;
  private byte[] applied;
  private byte[] seen;

  private ConfigWatcher(Path file, Runnable onChange, Duration period) {
    this.file = file;
    this.onChange = onChange;
    this.applied = digest();
    this.seen = applied;
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "config-watch");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::look, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static ConfigWatcher start(Path file, Runnable onChange) {
    return new ConfigWatcher(file, onChange, PERIOD);
  }

  static ConfigWatcher start(Path file, Runnable onChange, Duration period) {
    return new ConfigWatcher(file, onChange, period);
  }

  private void look() {
    byte[] now = digest();
    if (now == null) {
      return; // being replaced, or gone: the reload would fail; wait for it to come back
    }
    boolean stable = Arrays.equals(now, seen);
    seen = now;
    if (stable && !Arrays.equals(now, applied)) {
      applied = now;
      try {
        onChange.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(ConfigWatcher.class)
            .atError()
            .setMessage("Config reload after a file change failed")
            .setCause(e)
            .log();
      }
    }
  }

  private byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
