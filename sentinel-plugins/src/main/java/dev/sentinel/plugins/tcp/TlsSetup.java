package dev.sentinel.plugins.tcp;

import dev.sentinel.core.tls.ClientTls.TlsFileException;
import dev.sentinel.core.tls.TlsSettings;
import dev.sentinel.plugins.net.Hosts;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The client side of a tcp task's TLS. The context comes from core's {@link TlsSettings} (PEM files
 * through core's {@code Pem}, as for every client), built on every run, so renewed certificates
 * are picked up; an unusable file fails the run, never the load.
 */
final class TlsSetup {
  /** A problem with the configured files; the run fails with reason {@code tls}. */
  static final class TlsConfigException extends Exception {
    TlsConfigException(String message) {
      super(message);
    }
  }

  private TlsSetup() {}

  /** Reads the files; the message of a file problem starts with its key, e.g. {@code tls_config.ca_file: cannot read …}. */
  static SSLContext context(TlsSettings c) throws TlsConfigException {
    try {
      return c.context(c.trustManager());
    } catch (TlsFileException e) {
      throw new TlsConfigException(TcpOptions.TLS_CONFIG + "." + e.key() + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new TlsConfigException("TLS set-up failed: " + e.getMessage());
    }
  }

  /**
   * Wraps the connected {@code plain} socket. {@code peerName} is what the certificate must match
   * (a name or an address literal) and, when it is a name, the SNI sent.
   */
  static SSLSocket wrap(SSLContext ctx, Socket plain, String peerName, int port, boolean verifyName)
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
