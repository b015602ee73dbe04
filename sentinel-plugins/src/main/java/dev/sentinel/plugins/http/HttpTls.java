package dev.sentinel.plugins.http;

import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.core.tls.ClientTls.TlsFileException;


import dev.sentinel.core.options.Section;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The {@code tls} options of an http task: {@code ca_file} (PEM CAs that replace the JDK's trust
 * store), {@code cert_file} + {@code key_file} (client certificate and unencrypted PKCS#8 key, for
 * mutual TLS), {@code server_name} (SNI and the name the certificate is checked against) and
 * {@code insecure_skip_verify}. Files, trust and client keys come from core's {@link ClientTls}
 * (shared with the sender). The trust manager records the chain the server presented, so the probe can report its
 * expiry even when the chain is rejected.
 */
record HttpTls(Path caFile, Path certFile, Path keyFile, String serverName, boolean insecureSkipVerify) {
  static final HttpTls NONE = new HttpTls(null, null, null, "", false);

  /** What OkHttp needs; {@code hostnameVerifier} null means OkHttp's own. */
  record Setup(SSLSocketFactory socketFactory, ChainRecorder trustManager, HostnameVerifier hostnameVerifier) {}

  boolean custom() {
    return caFile != null || certFile != null || !serverName.isEmpty() || insecureSkipVerify;
  }

  /**
   * Reads the {@code tls} mapping (reports problems and unknown keys through it) and checks that
   * the files are usable, so {@code sentinel check} reports a missing or broken file. Reads local
   * files only; no network.
   */
  static HttpTls read(Section tls) {
    ClientTls.Settings t = ClientTls.read(tls, null);
    HttpTls options = new HttpTls(t.caFile(), t.certFile(), t.keyFile(), t.serverName(), t.insecureSkipVerify());
    if (!options.custom()) {
      return NONE;
    }
    try {
      options.build();
    } catch (TlsFileException e) {
      tls.error(e.key(), e.getMessage());
    } catch (GeneralSecurityException e) {
      tls.error("ca_file", "cannot set up TLS: " + e.getMessage());
    }
    return options;
  }

  /** Reads the files and builds the socket factory, the recording trust manager and the host check. */
  Setup build() throws TlsFileException, GeneralSecurityException {
    X509ExtendedTrustManager trust = insecureSkipVerify ? null : (X509ExtendedTrustManager) ClientTls.trust(caFile);
    ChainRecorder recorder = new ChainRecorder(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(ClientTls.keyManagers(certFile, keyFile), new TrustManager[] {recorder}, null);
    ClientTls.Sockets sockets = ClientTls.sockets(context, serverName, insecureSkipVerify);
    return new Setup(sockets.socketFactory(), recorder, sockets.hostnameVerifier());
  }

  /**
   * Delegates to the real trust manager (or trusts everything when it is null) and keeps the last
   * chain a server presented. One per probe; a probe never runs concurrently with itself.
   */
  static final class ChainRecorder extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private volatile X509Certificate[] lastChain;

    ChainRecorder(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    /** The chain of the last handshake since {@link #reset()}, or null. */
    X509Certificate[] lastChain() {
      return lastChain;
    }

    void reset() {
      lastChain = null;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      lastChain = chain.clone();
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      lastChain = chain.clone();
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType, socket);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      lastChain = chain.clone();
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType, engine);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
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
      return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }
  }
}
