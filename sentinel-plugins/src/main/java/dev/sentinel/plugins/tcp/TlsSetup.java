package dev.sentinel.plugins.tcp;

import dev.sentinel.core.tls.ClientTls.TlsFileException;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.Hosts;
import dev.sentinel.plugins.tcp.TcpFailure.Reason;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The client side of a tcp task's TLS: the handshake on the connected socket and what the server
 * presented. The context comes from core's {@link TlsSettings} (PEM files through core's {@code
 * Pem}, as for every client), built on every run, so renewed certificates are picked up; an
 * unusable file fails the run with reason {@code tls}, never the load.
 */
final class TlsSetup {
  /**
   * A completed handshake.
   *
   * @param socket the TLS socket, layered on the connected one (closing it closes both)
   * @param leaf the server's certificate, or null (an anonymous suite)
   * @param earliestExpiry the earliest NotAfter of the presented chain, or null without
   *     certificates
   */
  record Session(
      SSLSocket socket, String protocol, double ms, X509Certificate leaf, Instant earliestExpiry) {}

  private TlsSetup() {}

  /**
   * Shakes hands over {@code plain} with {@code peerName} (what the certificate must match: a name
   * or an address literal; a name is also sent as SNI) within the deadline. {@code where} names the
   * endpoint in messages.
   */
  static Session handshake(
      TlsSettings settings,
      Socket plain,
      String peerName,
      int port,
      TcpDeadline deadline,
      String where)
      throws InterruptedException, TcpFailure {
    SSLContext context = context(settings);
    long t0 = System.nanoTime();
    SSLSocket ssl;
    try {
      ssl = wrap(context, plain, peerName, port, !settings.insecureSkipVerify());
      ssl.setSoTimeout(deadline.remainingMillis());
      ssl.startHandshake();
    } catch (IOException e) {
      TcpFailure.rethrowInterrupt(e);
      if (e instanceof SocketTimeoutException || deadline.expired()) {
        throw new TcpFailure(
            Reason.TIMEOUT, "TLS handshake with " + where + " not done " + deadline.within());
      }
      throw new TcpFailure(
          Reason.TLS, "TLS handshake with " + where + " failed: " + TcpFailure.message(e));
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    SSLSession session = ssl.getSession();
    X509Certificate leaf = null;
    Instant earliest = null;
    try {
      for (Certificate cert : session.getPeerCertificates()) {
        if (cert instanceof X509Certificate x) {
          leaf = leaf == null ? x : leaf;
          Instant notAfter = x.getNotAfter().toInstant();
          if (earliest == null || notAfter.isBefore(earliest)) {
            earliest = notAfter;
          }
        }
      }
    } catch (IOException e) {
      // no peer certificates (an anonymous suite): no expiry to report
    }
    return new Session(ssl, session.getProtocol(), ms, leaf, earliest);
  }

  /**
   * Reads the files; the message of a file problem starts with its key, e.g. {@code
   * tls_config.ca_file: cannot read …}.
   */
  private static SSLContext context(TlsSettings c) throws TcpFailure {
    try {
      return c.context(c.trustManager());
    } catch (TlsFileException e) {
      throw new TcpFailure(
          Reason.TLS, TcpOptions.TLS_CONFIG + "." + e.key() + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new TcpFailure(Reason.TLS, "TLS set-up failed: " + e.getMessage());
    }
  }

  /**
   * Wraps the connected {@code plain} socket, checking the certificate against {@code peerName}
   * when {@code verifyName}.
   */
  private static SSLSocket wrap(
      SSLContext ctx, Socket plain, String peerName, int port, boolean verifyName)
      throws IOException {
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, peerName, port, true);
    SSLParameters p = s.getSSLParameters();
    if (verifyName) {
      p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818 name / IP address checks
    }
    if (!Hosts.isLiteral(peerName)) {
      try {
        p.setServerNames(List.of(new SNIHostName(peerName)));
      } catch (IllegalArgumentException e) {
        // not a valid SNI name (e.g. ends with a dot): send none
      }
    }
    s.setSSLParameters(p);
    s.setUseClientMode(true);
    return s;
  }
}
