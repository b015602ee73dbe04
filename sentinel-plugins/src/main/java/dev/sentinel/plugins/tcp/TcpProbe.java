package dev.sentinel.plugins.tcp;

import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.Hosts;
import dev.sentinel.plugins.net.IpFamily;
import dev.sentinel.core.options.Durations;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One configured tcp task. Each run resolves the host, connects (optionally from {@code source}),
 * optionally does a TLS handshake, then plays the query_response steps. Everything is bounded by
 * the timeout (connect timeout, SO_TIMEOUT per read, and a watchdog that closes the socket at the
 * deadline) and interruptible: the socket is a {@link SocketChannel}, which an interrupt closes.
 */
final class TcpProbe implements Probe {
  static final String HOST_LABEL = "host";
  static final String PORT_LABEL = "port";
  static final String REASON_LABEL = "reason";

  static final String SUCCESS = "tcp_success";
  static final String CONNECT_MS = "tcp_connect_duration_ms";
  static final String TLS_MS = "tcp_tls_handshake_duration_ms";
  static final String CERT_EXPIRY = "tcp_ssl_earliest_cert_expiry_seconds";
  static final String CERT_DAYS_LEFT = "tcp_ssl_cert_days_left";
  static final String TOTAL_MS = "tcp_total_duration_ms";
  static final String FAILED_STEP = "tcp_failed_step";
  static final String FAILURE_INFO = "tcp_failure_info";

  /** Why a run failed: the fixed set of values of {@code tcp_failure_info{reason}}. */
  enum Reason {
    DNS, CONNECT, REFUSED, TLS, TIMEOUT, EXPECT, CLOSED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Name resolution, replaceable in tests so they never query DNS. */
  interface Resolver {
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  // Lookups run here so that a slow resolver is bounded by the timeout and interruptible.
  private static final ExecutorService RESOLVERS = Executors.newCachedThreadPool(daemon("sentinel-tcp-resolve"));
  // Closes a run's socket at its deadline, so that no blocking call outlives the timeout.
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(daemon("sentinel-tcp-deadline"));

  private final TcpOptions options;
  private final Resolver resolver;

  TcpProbe(TcpOptions options, Resolver resolver) {
    this.options = options;
    this.resolver = resolver;
  }

  TcpOptions options() {
    return options;
  }

  /** The labels its samples add. */
  static final Set<String> LABELS = Set.of(HOST_LABEL, PORT_LABEL, REASON_LABEL);

  @Override
  public ProbeResult run(ProbeContext ctx) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Duration timeout = options.timeout().filter(t -> t.compareTo(ctx.budget()) < 0).orElse(ctx.budget());
    return new Run(ctx, timeout).execute();
  }

  /** The state of one run: what was measured so far and, once it failed, why. */
  private final class Run {
    private final ProbeContext ctx;
    private final TcpReport report;
    private final Duration timeout;
    private final long start = System.nanoTime();
    private final long deadline;
    private final AtomicBoolean expired = new AtomicBoolean();

    private Double connectMs;
    private Double tlsMs;
    private Instant earliestExpiry;
    private int failedStep = -1;
    private Reason reason;
    private String error = "";

    Run(ProbeContext ctx, Duration timeout) {
      this.ctx = ctx;
      this.report = new TcpReport(ctx.listener());
      this.timeout = timeout;
      this.deadline = start + timeout.toNanos();
    }

    ProbeResult execute() throws InterruptedException {
      InetAddress address = resolve();
      if (address != null) {
        exchange(address);
      }
      double totalMs = msSince(start);
      report.result(reason == null, reason == null ? "" : reason.label(), error, totalMs);
      List<Sample> samples = samples(totalMs);
      return reason == null ? ProbeResult.success(samples) : ProbeResult.failure(error, samples);
    }

    private List<Sample> samples(double totalMs) {
      ProbeContext c = ctx.withLabels(HOST_LABEL, options.host(), PORT_LABEL, Integer.toString(options.port()));
      List<Sample> out = new ArrayList<>();
      out.add(c.gauge(SUCCESS, reason == null ? 1 : 0));
      if (connectMs != null) {
        out.add(c.gauge(CONNECT_MS, ns(connectMs)));
      }
      if (tlsMs != null) {
        out.add(c.gauge(TLS_MS, ns(tlsMs)));
      }
      if (earliestExpiry != null) {
        out.add(c.gauge(CERT_EXPIRY, earliestExpiry.getEpochSecond()));
        double days = (earliestExpiry.toEpochMilli() - ctx.clock().millis()) / 86_400_000.0;
        out.add(c.gauge(CERT_DAYS_LEFT, Math.round(days * 1000) / 1000.0));
      }
      out.add(c.gauge(TOTAL_MS, ns(totalMs)));
      if (failedStep >= 0) {
        out.add(c.gauge(FAILED_STEP, failedStep));
      }
      if (reason != null) {
        out.add(c.gauge(FAILURE_INFO, 1, REASON_LABEL, reason.label()));
      }
      return out;
    }

    private void fail(Reason r, String message) {
      if (reason == null) {
        reason = r;
        error = message;
      }
    }

    private long remainingNanos() {
      return deadline - System.nanoTime();
    }

    /** The remaining time in whole milliseconds, at least 1 (0 would mean "no timeout"). */
    private int remainingMillis() {
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remainingNanos())));
    }

    private String within() {
      return "within " + Durations.format(timeout);
    }

    private InetAddress resolve() throws InterruptedException {
      String host = options.host();
      InetAddress[] all;
      Future<InetAddress[]> lookup = RESOLVERS.submit(() -> resolver.resolve(host));
      try {
        all = lookup.get(Math.max(0, remainingNanos()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        lookup.cancel(true);
        throw e;
      } catch (TimeoutException e) {
        lookup.cancel(true);
        fail(Reason.DNS, "could not resolve " + host + " " + within());
        return null;
      } catch (ExecutionException e) {
        fail(Reason.DNS, e.getCause() instanceof UnknownHostException
            ? "unknown host " + host
            : "could not resolve " + host + ": " + message(e.getCause()));
        return null;
      }
      IpFamily family = options.ipFamily();
      InetAddress source = options.source();
      if (source != null && family == IpFamily.PREFER4 && source instanceof Inet6Address) {
        family = IpFamily.PREFER6; // connect in the source address's family when possible
      } else if (source != null && family == IpFamily.PREFER6 && !(source instanceof Inet6Address)) {
        family = IpFamily.PREFER4;
      }
      List<InetAddress> picked = family.pick(all);
      if (picked.isEmpty()) {
        fail(Reason.DNS, family.noAddress(host));
        return null;
      }
      return picked.get(0);
    }

    private void exchange(InetAddress address) throws InterruptedException {
      // An address literal is shown as written (::1, not 0:0:0:0:0:0:0:1); a name as its address.
      String where = Hosts.isLiteral(options.host())
          ? (options.host().contains(":") ? "[" + options.host() + "]" : options.host()) + ":" + options.port()
          : endpoint(address, options.port());
      SocketChannel channel;
      try {
        channel = SocketChannel.open();
      } catch (IOException e) {
        fail(Reason.CONNECT, "cannot open a socket: " + message(e));
        return;
      }
      ScheduledFuture<?> watchdog = WATCHDOG.schedule(
          () -> {
            expired.set(true);
            closeQuietly(channel);
          },
          Math.max(0, remainingNanos()),
          TimeUnit.NANOSECONDS);
      Socket socket = channel.socket();
      try {
        if (!connect(channel, socket, address, where)) {
          return;
        }
        Socket io = socket;
        if (options.tls()) {
          io = handshake(socket, address, where);
          if (io == null) {
            return;
          }
        }
        steps(io);
        if (io != socket) {
          closeQuietly(io); // close_notify, then the socket
        }
      } finally {
        watchdog.cancel(false);
        closeQuietly(channel);
      }
    }

    private boolean connect(SocketChannel channel, Socket socket, InetAddress address, String where)
        throws InterruptedException {
      InetAddress source = options.source();
      if (source != null) {
        try {
          socket.bind(new InetSocketAddress(source, 0));
        } catch (IOException e) {
          interrupted(e);
          fail(Reason.CONNECT, "cannot use source " + source.getHostAddress() + ": " + message(e));
          return false;
        }
      }
      long t0 = System.nanoTime();
      try {
        socket.connect(new InetSocketAddress(address, options.port()), remainingMillis());
      } catch (IOException e) {
        interrupted(e);
        if (e instanceof SocketTimeoutException || expired.get()) {
          fail(Reason.TIMEOUT, "no connection to " + where + " " + within());
        } else if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
          fail(Reason.REFUSED, "connection refused by " + where);
        } else {
          fail(Reason.CONNECT, "cannot connect to " + where + ": " + message(e));
        }
        return false;
      }
      connectMs = msSince(t0);
      try {
        socket.setTcpNoDelay(true);
      } catch (IOException e) {
        // only affects latency of small sends
      }
      report.connected(where, options.host(), address, connectMs);
      return true;
    }

    private Socket handshake(Socket socket, InetAddress address, String where) throws InterruptedException {
      TlsSettings c = options.tlsConfig();
      SSLContext sslContext;
      try {
        sslContext = TlsSetup.context(c);
      } catch (TlsSetup.TlsConfigException e) {
        fail(Reason.TLS, e.getMessage());
        return null;
      }
      String peer = !c.serverName().isEmpty() ? c.serverName()
          : Hosts.isLiteral(options.host()) ? address.getHostAddress() : options.host();
      long t0 = System.nanoTime();
      SSLSocket ssl;
      try {
        ssl = TlsSetup.wrap(sslContext, socket, peer, options.port(), !c.insecureSkipVerify());
        ssl.setSoTimeout(remainingMillis());
        ssl.startHandshake();
      } catch (IOException e) {
        interrupted(e);
        if (e instanceof SocketTimeoutException || expired.get()) {
          fail(Reason.TIMEOUT, "TLS handshake with " + where + " not done " + within());
        } else {
          fail(Reason.TLS, "TLS handshake with " + where + " failed: " + message(e));
        }
        return null;
      }
      tlsMs = msSince(t0);
      SSLSession session = ssl.getSession();
      X509Certificate leaf = null;
      try {
        for (Certificate cert : session.getPeerCertificates()) {
          if (cert instanceof X509Certificate x) {
            leaf = leaf == null ? x : leaf;
            Instant notAfter = x.getNotAfter().toInstant();
            if (earliestExpiry == null || notAfter.isBefore(earliestExpiry)) {
              earliestExpiry = notAfter;
            }
          }
        }
      } catch (IOException e) {
        // no peer certificates (an anonymous suite): no expiry to report
      }
      report.handshake(session.getProtocol(), tlsMs, leaf, ctx.clock().instant());
      return ssl;
    }

    private void steps(Socket io) throws InterruptedException {
      List<TcpOptions.Step> steps = options.steps();
      if (steps.isEmpty()) {
        return;
      }
      InputStream in;
      OutputStream out;
      try {
        in = io.getInputStream();
        out = io.getOutputStream();
      } catch (IOException e) {
        interrupted(e);
        fail(Reason.CLOSED, "connection closed: " + message(e));
        return;
      }
      LineReader lines = new LineReader(in);
      for (int i = 0; i < steps.size(); i++) {
        boolean ok = steps.get(i) instanceof TcpOptions.Send send
            ? send(i, send, out)
            : expect(i, (TcpOptions.Expect) steps.get(i), io, lines);
        if (!ok) {
          failedStep = i;
          return;
        }
      }
    }

    private boolean send(int i, TcpOptions.Send step, OutputStream out) throws InterruptedException {
      try {
        out.write(step.text().getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        interrupted(e);
        if (expired.get()) {
          fail(Reason.TIMEOUT, "query_response[" + i + "]: could not send " + within());
        } else {
          fail(Reason.CLOSED, "query_response[" + i + "]: connection closed while sending: " + message(e));
        }
        report.sendFailed(step.text());
        return false;
      }
      report.sent(step.text());
      return true;
    }

    private boolean expect(int i, TcpOptions.Expect step, Socket io, LineReader lines) throws InterruptedException {
      String pattern = "/" + step.regex().pattern() + "/";
      String last = null;
      int skipped = 0;
      try {
        while (true) {
          if (remainingNanos() <= 0) {
            throw new SocketTimeoutException();
          }
          io.setSoTimeout(remainingMillis());
          String line = lines.readLine();
          if (line == null) {
            if (last == null) {
              fail(Reason.CLOSED, "query_response[" + i + "]: connection closed before " + pattern + " matched");
              report.expectClosed(pattern);
            } else {
              fail(Reason.EXPECT, "query_response[" + i + "]: expected " + pattern + ", got \"" + TcpReport.clip(last)
                  + "\" and then the connection closed");
              report.expectFailed(pattern, last);
            }
            return false;
          }
          if (step.regex().matcher(line).find()) {
            report.matched(pattern, line, skipped);
            return true;
          }
          last = line;
          skipped++;
        }
      } catch (IOException e) {
        interrupted(e);
        boolean timedOut = e instanceof SocketTimeoutException || expired.get();
        if (last == null && lines.hasPartial()) {
          last = lines.partial();
        }
        if (last != null) {
          // Something arrived, but not what was expected: the expectation is what failed.
          fail(Reason.EXPECT, "query_response[" + i + "]: expected " + pattern + ", got \"" + TcpReport.clip(last) + "\""
              + (timedOut ? " (nothing else " + within() + ")" : " (then " + message(e) + ")"));
          report.expectFailed(pattern, last);
        } else if (timedOut) {
          fail(Reason.TIMEOUT, "query_response[" + i + "]: expected " + pattern + ", nothing received " + within());
          report.expectTimedOut(pattern, timeout);
        } else {
          fail(Reason.CLOSED, "query_response[" + i + "]: connection closed before " + pattern + " matched: "
              + message(e));
          report.expectClosed(pattern);
        }
        return false;
      }
    }
  }

  /** Rethrows an interrupt that surfaced as an I/O error (an interrupted channel closes itself). */
  private static void interrupted(IOException e) throws InterruptedException {
    if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
      Thread.interrupted();
      InterruptedException ie = new InterruptedException("interrupted during tcp probe");
      ie.initCause(e);
      throw ie;
    }
  }

  static String endpoint(InetAddress a, int port) {
    String host = a.getHostAddress();
    return (a instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
  }

  /** The most useful message of an exception chain (TLS errors nest the reason). */
  static String message(Throwable e) {
    Throwable t = e;
    String best = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        best = t.getMessage();
      }
      if (t.getCause() == null || t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    String m = best == null ? e.getClass().getSimpleName() : best;
    return TcpReport.clip(m);
  }

  static double msSince(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Milliseconds rounded to whole nanoseconds, as the ping plugin does. */
  static double ns(double ms) {
    return Math.round(ms * 1e6) / 1e6;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing to do
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
