package dev.sentinel.plugins.ping;

import dev.sentinel.plugins.ping.echo.EchoEngine;
import dev.sentinel.plugins.ping.echo.EchoListener;
import dev.sentinel.plugins.ping.echo.EchoResult;
import dev.sentinel.plugins.ping.echo.EchoSpec;
import dev.sentinel.plugins.ping.echo.PingTarget;
import dev.sentinel.plugins.ping.echo.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system {@code ping} (Linux iputils) as a child process: an argument array, never a
 * shell, with {@code LC_ALL=C} so the output is not translated. Lines are read as they arrive and
 * parsed by {@link IputilsParser}.
 *
 * <p>Arguments: {@code ping -n -O -c COUNT -i INTERVAL -W TIMEOUT HOST}. There is deliberately no
 * {@code -w DEADLINE}: with {@code -w}, iputils keeps sending past {@code -c COUNT} until COUNT
 * replies arrive or the deadline passes (3 echoes with 100% loss become 15 sent). The same bound is
 * enforced here instead: the process is killed at {@link #deadline(PingRequest)}.
 */
public final class ExecPingEngine implements EchoEngine {
  /** At most this many ping processes at once per run. */
  private static final int MAX_PARALLEL = 32;

  private static final String EOF = new String("EOF"); // identity-compared marker
  private static final Duration KILL_WAIT = Duration.ofSeconds(2);

  private final String binary;

  /** Uses {@code ping} from the PATH. */
  public ExecPingEngine() {
    this("ping");
  }

  /** Uses the given ping binary (a path, or a name looked up in the PATH). */
  public ExecPingEngine(String binary) {
    this.binary = Objects.requireNonNull(binary, "binary");
  }

  public String binary() {
    return binary;
  }

  @Override
  public String method() {
    return "exec";
  }

  /** The command line for a request. */
  public List<String> command(PingRequest r) {
    List<String> c =
        new ArrayList<>(
            List.of(
                binary,
                "-n",
                "-O",
                "-c",
                Integer.toString(r.count()),
                "-i",
                seconds(r.interval()),
                "-W",
                seconds(r.timeout())));
    if (r.size() != EchoSpec.DEFAULT_SIZE) {
      c.addAll(List.of("-s", Integer.toString(r.size())));
    }
    if (r.ttl() > 0) {
      c.addAll(List.of("-t", Integer.toString(r.ttl())));
    }
    if (r.tos() >= 0) {
      c.addAll(List.of("-Q", Integer.toString(r.tos())));
    }
    if (r.source() != null) {
      c.addAll(List.of("-I", r.source()));
    }
    c.add(r.host());
    return List.copyOf(c);
  }

  /** One {@code ping} process per target, at most {@link #MAX_PARALLEL} at a time. */
  @Override
  public List<EchoResult> ping(List<PingTarget> targets, EchoSpec spec, EchoListener listener)
      throws InterruptedException {
    if (targets.size() == 1) {
      return List.of(one(targets.get(0), spec, listener));
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(MAX_PARALLEL, targets.size()),
            r -> {
              Thread t = new Thread(r, "ping-exec");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<EchoResult>> futures = new ArrayList<>();
      for (PingTarget t : targets) {
        futures.add(pool.submit(() -> one(t, spec, listener)));
      }
      List<EchoResult> results = new ArrayList<>();
      boolean interrupted = false;
      for (Future<EchoResult> f : futures) {
        while (true) {
          try {
            results.add(f.get());
            break;
          } catch (InterruptedException cutOff) {
            // The run's time is up: the workers stop their pings and return what they measured.
            interrupted = true;
            pool.shutdownNow();
          } catch (CancellationException notStarted) {
            break; // never pinged: nothing to report for it
          } catch (ExecutionException e) {
            throw new IllegalStateException("ping process failed", e.getCause());
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return results;
    } finally {
      pool.shutdownNow(); // interrupts the workers, which kill their processes
    }
  }

  private EchoResult one(PingTarget target, EchoSpec spec, EchoListener listener)
      throws InterruptedException {
    Recorder recorder = new Recorder(target, listener);
    PingOutcome o = ping(PingRequest.of(target, spec), recorder);
    return new EchoResult(
        target,
        o.transmitted(),
        recorder.rtts(),
        o.duplicates(),
        recorder.ttl,
        o.transmitted() == 0 ? o.error() : "");
  }

  /** Forwards one process's events for its target and keeps the first reply time per sequence. */
  private static final class Recorder implements ReplyListener {
    private final PingTarget target;
    private final EchoListener listener;
    private final TreeMap<Integer, Double> rtts = new TreeMap<>();
    private int ttl = -1;

    Recorder(PingTarget target, EchoListener listener) {
      this.target = target;
      this.listener = listener;
    }

    @Override
    public void reply(Reply reply) {
      if (!reply.duplicate() && reply.hasTime()) {
        rtts.putIfAbsent(reply.seq(), reply.timeMs());
        if (ttl < 0) {
          ttl = reply.ttl();
        }
      }
      listener.reply(target, reply);
    }

    @Override
    public void noReply(int seq) {
      listener.noReply(target, seq);
    }

    @Override
    public void notice(String text) {
      listener.notice(target, text);
    }

    List<Double> rtts() {
      return List.copyOf(rtts.values());
    }
  }

  /** How long ping may run: ceil(count * interval + timeout) + 1 second. */
  public static Duration deadline(PingRequest r) {
    long ms = r.interval().toMillis() * r.count() + r.timeout().toMillis();
    return Duration.ofSeconds((ms + 999) / 1000 + 1);
  }

  /** Seconds with up to millisecond precision and a dot, whatever the default locale. */
  static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  /** Runs one {@code ping} process for {@code request}. */
  public PingOutcome ping(PingRequest request, ReplyListener listener) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    ProcessBuilder builder = new ProcessBuilder(command(request)).redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C");
    builder.environment().remove("LANGUAGE");
    Process process;
    try {
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      return PingOutcome.failed(request.host(), "cannot run " + binary + ": " + why(e));
    }
    boolean finished = false;
    try {
      PingOutcome outcome = collect(process, request, listener);
      finished = true;
      return outcome;
    } finally {
      if (!finished) {
        kill(process); // interrupted, or the listener threw
      }
    }
  }

  private PingOutcome collect(Process process, PingRequest request, ReplyListener listener)
      throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // ping does not read stdin
    }
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> read(process, lines), "ping-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();

    IputilsParser.Session session = new IputilsParser.Session(request.host(), listener);
    Duration deadline = deadline(request);
    long end = System.nanoTime() + deadline.toNanos();
    String abortReason = null;
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0 && abortReason == null) {
        abortReason = "ping did not finish within " + deadline.toSeconds() + "s";
        kill(process);
        end = System.nanoTime() + KILL_WAIT.toNanos(); // to read what it printed before
        continue;
      }
      if (left <= 0) {
        break; // killed, but something still holds its output open
      }
      String line;
      try {
        line = lines.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException cutOff) {
        // The run's time is up: stop ping and report what it printed so far.
        kill(process);
        drain(lines, session);
        Thread.currentThread().interrupt();
        return session.finish("interrupted");
      }
      if (line == EOF) {
        break;
      }
      if (line != null) {
        session.accept(line);
      }
    }
    if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      kill(process);
    }
    return session.finish(abortReason);
  }

  /** Feeds what the (killed) process had printed, without waiting for more. */
  private static void drain(BlockingQueue<String> lines, IputilsParser.Session session) {
    String line;
    while ((line = lines.poll()) != null && line != EOF) {
      session.accept(line);
    }
  }

  private static void read(Process process, BlockingQueue<String> lines) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException ignored) {
      // the process was killed; what was read is enough
    } finally {
      lines.add(EOF);
    }
  }

  /** Kills the process (and anything it started) and waits briefly until it is gone. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String why(Exception e) {
    String message = String.valueOf(e.getMessage());
    int i = message.indexOf("error=");
    if (i >= 0) {
      int comma = message.indexOf(", ", i);
      return comma >= 0 ? message.substring(comma + 2) : message.substring(i);
    }
    return message;
  }
}
