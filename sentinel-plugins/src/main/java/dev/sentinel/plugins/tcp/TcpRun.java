package dev.sentinel.plugins.tcp;

import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.Hosts;
import dev.sentinel.plugins.net.IpFamily;
import dev.sentinel.plugins.tcp.TcpFailure.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a tcp task: resolve the host, connect (optionally from {@code source}), the optional
 * TLS handshake ({@link TlsSetup}) and query_response dialogue ({@link TcpDialogue}), then the
 * samples. The first failure ends it. Everything is bounded by the {@link TcpDeadline} (connect
 * timeout, SO_TIMEOUT per read, and a watchdog that closes the socket at the deadline) and
 * interruptible: the socket is a {@link SocketChannel}, which an interrupt closes.
 */
final class TcpRun {
  // Lookups run here so that a slow resolver is bounded by the timeout and interruptible.
  private static final ExecutorService RESOLVERS =
      Executors.newCachedThreadPool(daemon("sentinel-tcp-resolve"));
  // Closes a run's socket at its deadline, so that no blocking call outlives the timeout.
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(daemon("sentinel-tcp-deadline"));

  private final TcpOptions options;
  private final TcpProbe.Resolver resolver;
  private final ProbeContext ctx;
  private final TcpReport report;
  private final long start = System.nanoTime();
  private final TcpDeadline deadline;

  private Double connectMs;
  private TlsSetup.Session tls;
  private TcpFailure failure;

  TcpRun(TcpOptions options, TcpProbe.Resolver resolver, ProbeContext ctx, Duration timeout) {
    this.options = options;
    this.resolver = resolver;
    this.ctx = ctx;
    this.report = new TcpReport(ctx.listener());
    this.deadline = new TcpDeadline(start, timeout);
  }

  ProbeResult execute() throws InterruptedException {
    try {
      exchange(resolve());
    } catch (TcpFailure f) {
      failure = f;
    }
    double totalMs = msSince(start);
    String error = failure == null ? "" : failure.getMessage();
    report.result(failure == null, failure == null ? "" : failure.reason().label(), error, totalMs);
    List<Sample> samples = samples(totalMs);
    return failure == null ? ProbeResult.success(samples) : ProbeResult.failure(error, samples);
  }

  private List<Sample> samples(double totalMs) {
    ProbeContext c =
        ctx.withLabels(
            TcpProbe.HOST_LABEL,
            options.host(),
            TcpProbe.PORT_LABEL,
            Integer.toString(options.port()));
    List<Sample> out = new ArrayList<>();
    out.add(c.gauge(TcpProbe.SUCCESS, failure == null ? 1 : 0));
    if (connectMs != null) {
      out.add(c.gauge(TcpProbe.CONNECT_MS, ns(connectMs)));
    }
    if (tls != null) {
      out.add(c.gauge(TcpProbe.TLS_MS, ns(tls.ms())));
    }
    if (tls != null && tls.earliestExpiry() != null) {
      out.add(c.gauge(TcpProbe.CERT_EXPIRY, tls.earliestExpiry().getEpochSecond()));
      double days = (tls.earliestExpiry().toEpochMilli() - ctx.clock().millis()) / 86_400_000.0;
      out.add(c.gauge(TcpProbe.CERT_DAYS_LEFT, Math.round(days * 1000) / 1000.0));
    }
    out.add(c.gauge(TcpProbe.TOTAL_MS, ns(totalMs)));
    if (failure != null && failure.step() >= 0) {
      out.add(c.gauge(TcpProbe.FAILED_STEP, failure.step()));
    }
    if (failure != null) {
      out.add(c.gauge(TcpProbe.FAILURE_INFO, 1, TcpProbe.REASON_LABEL, failure.reason().label()));
    }
    return out;
  }

  private InetAddress resolve() throws InterruptedException, TcpFailure {
    String host = options.host();
    InetAddress[] all;
    Future<InetAddress[]> lookup = RESOLVERS.submit(() -> resolver.resolve(host));
    try {
      all = lookup.get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      lookup.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      lookup.cancel(true);
      throw new TcpFailure(Reason.DNS, "could not resolve " + host + " " + deadline.within());
    } catch (ExecutionException e) {
      throw new TcpFailure(
          Reason.DNS,
          e.getCause() instanceof UnknownHostException
              ? "unknown host " + host
              : "could not resolve " + host + ": " + TcpFailure.message(e.getCause()));
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
      throw new TcpFailure(Reason.DNS, family.noAddress(host));
    }
    return picked.get(0);
  }

  private void exchange(InetAddress address) throws InterruptedException, TcpFailure {
    // An address literal is shown as written (::1, not 0:0:0:0:0:0:0:1); a name as its address.
    String where =
        Hosts.isLiteral(options.host())
            ? (options.host().contains(":") ? "[" + options.host() + "]" : options.host())
                + ":"
                + options.port()
            : endpoint(address, options.port());
    SocketChannel channel;
    try {
      channel = SocketChannel.open();
    } catch (IOException e) {
      throw new TcpFailure(Reason.CONNECT, "cannot open a socket: " + TcpFailure.message(e));
    }
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            () -> {
              deadline.expire();
              closeQuietly(channel);
            },
            Math.max(0, deadline.remainingNanos()),
            TimeUnit.NANOSECONDS);
    Socket socket = channel.socket();
    try {
      connect(socket, address, where);
      Socket io = options.tls() ? handshake(socket, address, where) : socket;
      try {
        new TcpDialogue(deadline, report).play(options.steps(), io);
      } finally {
        if (io != socket) {
          closeQuietly(io); // close_notify, then the socket
        }
      }
    } finally {
      watchdog.cancel(false);
      closeQuietly(channel);
    }
  }

  private void connect(Socket socket, InetAddress address, String where)
      throws InterruptedException, TcpFailure {
    InetAddress source = options.source();
    if (source != null) {
      try {
        socket.bind(new InetSocketAddress(source, 0));
      } catch (IOException e) {
        TcpFailure.rethrowInterrupt(e);
        throw new TcpFailure(
            Reason.CONNECT,
            "cannot use source " + source.getHostAddress() + ": " + TcpFailure.message(e));
      }
    }
    long t0 = System.nanoTime();
    try {
      socket.connect(new InetSocketAddress(address, options.port()), deadline.remainingMillis());
    } catch (IOException e) {
      TcpFailure.rethrowInterrupt(e);
      if (e instanceof SocketTimeoutException || deadline.expired()) {
        throw new TcpFailure(Reason.TIMEOUT, "no connection to " + where + " " + deadline.within());
      } else if (e instanceof ConnectException
          && String.valueOf(e.getMessage()).contains("refused")) {
        throw new TcpFailure(Reason.REFUSED, "connection refused by " + where);
      }
      throw new TcpFailure(
          Reason.CONNECT, "cannot connect to " + where + ": " + TcpFailure.message(e));
    }
    connectMs = msSince(t0);
    try {
      socket.setTcpNoDelay(true);
    } catch (IOException e) {
      // only affects latency of small sends
    }
    report.connected(where, options.host(), address, connectMs);
  }

  /** The TLS socket to talk through. */
  private Socket handshake(Socket socket, InetAddress address, String where)
      throws InterruptedException, TcpFailure {
    TlsSettings c = options.tlsConfig();
    String peer =
        !c.serverName().isEmpty()
            ? c.serverName()
            : Hosts.isLiteral(options.host()) ? address.getHostAddress() : options.host();
    tls = TlsSetup.handshake(c, socket, peer, options.port(), deadline, where);
    report.handshake(tls.protocol(), tls.ms(), tls.leaf(), ctx.clock().instant());
    return tls.socket();
  }

  private static String endpoint(InetAddress a, int port) {
    String host = a.getHostAddress();
    return (a instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
  }

  private static double msSince(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Milliseconds rounded to whole nanoseconds, as the ping plugin does. */
  private static double ns(double ms) {
    return Math.round(ms * 1e6) / 1e6;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing to do
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
