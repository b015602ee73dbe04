package dev.sentinel.plugins.http;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The http probe's trust manager: delegates to the one core's {@code TlsSettings} gives (the CAs of
 * {@code tls.ca_file}, the JDK's, or trust-all with {@code insecure_skip_verify}) and keeps the
 * last chain a server presented, so the probe can report its expiry even when the chain is
 * rejected. One per probe; a probe never runs concurrently with itself.
 */
final class ChainRecorder extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private volatile X509Certificate[] lastChain;

  ChainRecorder(X509ExtendedTrustManager delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The chain of the last handshake since {@link #reset()}, or null. */
  X509Certificate[] lastChain() {
    return lastChain;
  }

  void reset() {
    lastChain = null;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    lastChain = chain.clone();
    delegate.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    lastChain = chain.clone();
    delegate.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    lastChain = chain.clone();
    delegate.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a probe does not accept client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a probe does not accept client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a probe does not accept client certificates");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
