package dev.sentinel.plugins.ping.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A throw-away network namespace with only {@code lo} up: traffic in it never leaves the host.
 * {@link #inside} runs code on a fresh thread that has joined it with setns(2); sockets opened
 * there belong to the namespace whichever thread uses them later.
 */
public final class NetNs implements AutoCloseable {
  public final String name;

  private NetNs(String name) {
    this.name = name;
  }

  public static NetNs create() throws Exception {
    String name = "sentinel-icmp-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    run("ip", "netns", "add", name);
    NetNs ns = new NetNs(name);
    ns.exec("ip", "link", "set", "lo", "up");
    return ns;
  }

  public void exec(String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
    cmd.addAll(List.of(command));
    run(cmd.toArray(String[]::new));
  }

  /** Runs {@code body} on a new thread inside the namespace and returns what it returned. */
  public <T> T inside(Callable<T> body) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                int fd = LibC.open("/var/run/netns/" + name, LibC.O_RDONLY | LibC.O_CLOEXEC);
                assertThat(fd).as("open netns, errno %d", Native.getLastError()).isNotNegative();
                int rc = LibC.setns(fd, LibC.CLONE_NEWNET);
                int errno = Native.getLastError();
                LibC.close(fd);
                assertThat(rc).as("setns, errno %d", errno).isZero();
                result.set(body.call());
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "netns-" + name);
    t.start();
    t.join();
    if (failure.get() instanceof Exception e) {
      throw e;
    }
    if (failure.get() instanceof Error e) {
      throw e;
    }
    return result.get();
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    assertThat(rc).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }

  @Override
  public void close() throws Exception {
    run("ip", "netns", "del", name);
  }
}
