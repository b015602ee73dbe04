package dev.sentinel.plugins.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;

/**
 * Times one probe run's phases from OkHttp's events, summed over every hop (redirects), like
 * blackbox_exporter: {@code resolve} (DNS), {@code connect} (TCP), {@code tls} (handshake), {@code
 * processing} (request sent until the first response byte), {@code transfer} (first byte until the
 * body read ended). A phase still open when the run ends is closed at that moment, so the phases
 * add up to the run's time whatever happened.
 */
final class PhaseTimer extends EventListener {
  static final String[] PHASES = {"resolve", "connect", "tls", "processing", "transfer"};
  static final int RESOLVE = 0;
  static final int CONNECT = 1;
  static final int TLS = 2;
  static final int PROCESSING = 3;
  static final int TRANSFER = 4;

  private final long[] total = new long[PHASES.length];
  private final long[] openedAt = new long[PHASES.length];
  private InetSocketAddress remote;
  private Handshake handshake;
  private Protocol protocol;
  private boolean connected;

  private synchronized void start(int phase) {
    if (openedAt[phase] == 0) {
      openedAt[phase] = System.nanoTime();
    }
  }

  private synchronized void end(int phase) {
    if (openedAt[phase] != 0) {
      total[phase] += System.nanoTime() - openedAt[phase];
      openedAt[phase] = 0;
    }
  }

  /** Closes every open phase (end of a hop or of the run). */
  synchronized void closeAll() {
    for (int i = 0; i < PHASES.length; i++) {
      end(i);
    }
  }

  /** The body read ended (all read, the limit reached, or failed). */
  void bodyDone() {
    end(TRANSFER);
  }

  /** Milliseconds per phase. */
  synchronized double[] millis() {
    double[] out = new double[PHASES.length];
    for (int i = 0; i < PHASES.length; i++) {
      out[i] = total[i] / 1e6;
    }
    return out;
  }

  /** The last address a connection was attempted to (the proxy's with a proxy), or null. */
  synchronized InetSocketAddress remote() {
    return remote;
  }

  /** The last completed TLS handshake, or null. */
  synchronized Handshake handshake() {
    return handshake;
  }

  synchronized Protocol protocol() {
    return protocol;
  }

  synchronized boolean connected() {
    return connected;
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    start(RESOLVE);
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
    end(RESOLVE);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
    synchronized (this) {
      remote = address;
    }
    start(CONNECT);
  }

  @Override
  public void secureConnectStart(Call call) {
    end(CONNECT);
    start(TLS);
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    end(TLS);
    synchronized (this) {
      this.handshake = handshake;
    }
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
    end(CONNECT);
    end(TLS);
    synchronized (this) {
      this.protocol = protocol;
      connected = true;
    }
  }

  @Override
  public void connectFailed(
      Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, IOException ioe) {
    end(CONNECT);
    end(TLS);
  }

  @Override
  public void requestHeadersStart(Call call) {
    start(PROCESSING);
  }

  @Override
  public void responseHeadersStart(Call call) {
    end(PROCESSING);
    start(TRANSFER);
  }

  @Override
  public void callFailed(Call call, IOException ioe) {
    closeAll();
  }

  @Override
  public void canceled(Call call) {
    closeAll();
  }
}
