package dev.sentinel.plugins.http;

import dev.sentinel.core.client.ClientAuth;
import dev.sentinel.plugins.http.Failure.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Why a request failed on the way: one of the fixed reasons plus a readable text. */
final class HttpFailures {
  private HttpFailures() {}

  /** Why {@code hop} got no (complete) response; {@code overBudget}: the run's time is up. */
  static Failure classify(Hop hop, boolean overBudget) {
    IOException e = hop.error;
    if (hop.hardTimeout
        || e instanceof InterruptedIOException
        || overBudget && !(e instanceof UnknownHostException)) {
      String phase =
          hop.status >= 0
              ? "reading the body"
              : "waiting for " + hop.url.host() + ":" + hop.url.port();
      return new Failure(Reason.TIMEOUT, "timed out " + phase);
    }
    if (e instanceof UnknownHostException) {
      String msg = e.getMessage() == null ? hop.url.host() : e.getMessage();
      return new Failure(Reason.DNS, msg.contains(" ") ? msg : "unknown host " + msg);
    }
    if (e instanceof SSLException || hasCause(e, CertificateException.class)) {
      return new Failure(Reason.TLS, tlsProblem(e));
    }
    if (hop.status >= 0) {
      return new Failure(Reason.CONNECT, "reading the body failed: " + text(e));
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return new Failure(
          Reason.CONNECT,
          "cannot connect to " + hop.url.host() + ":" + hop.url.port() + ": " + text(e));
    }
    if (e.getMessage() != null
        && (e.getMessage().startsWith(ClientAuth.PASSWORD)
            || e.getMessage().startsWith(ClientAuth.BEARER_TOKEN))) {
      return new Failure(Reason.CONFIG, e.getMessage());
    }
    return new Failure(Reason.CONNECT, hop.url.host() + ":" + hop.url.port() + ": " + text(e));
  }

  static String text(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  static String tlsProblem(IOException e) {
    if (hasCause(e, CertificateExpiredException.class)) {
      return "TLS: the server's certificate has expired";
    }
    if (hasCause(e, CertificateNotYetValidException.class)) {
      return "TLS: the server's certificate is not valid yet";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertPathValidatorException v
          && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
        return "TLS: the server's certificate has expired";
      }
    }
    if (e instanceof SSLPeerUnverifiedException) {
      return "TLS: the certificate does not match the host name (" + firstLine(text(e)) + ")";
    }
    String m = text(e);
    if (m.contains("PKIX path building failed")
        || m.contains("unable to find valid certification path")) {
      return "TLS: the server's certificate is not trusted (no path to a trusted CA; set"
          + " tls.ca_file?)";
    }
    if (m.contains("No subject alternative") || m.contains("doesn't match")) {
      return "TLS: the certificate does not match the host name (" + firstLine(m) + ")";
    }
    return "TLS handshake failed: " + firstLine(m);
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
