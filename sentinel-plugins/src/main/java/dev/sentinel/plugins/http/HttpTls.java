package dev.sentinel.plugins.http;

import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.core.tls.ClientTls.TlsFileException;


import dev.sentinel.core.config.Section;
import java.net.Socket;
import java.nio.file.InvalidPathException;
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
    Path ca = path(tls, "ca_file");
    Path cert = path(tls, "cert_file");
    Path key = path(tls, "key_file");
    String serverName = tls.string("server_name", "").trim();
    boolean insecure = tls.bool("insecure_skip_verify", false);
    tls.finish();
    if (cert != null && key == null) {
      tls.error("cert_file", "is set but key_file is not; a client certificate needs its key");
      cert = null;
    } else if (key != null && cert == null) {
      tls.error("key_file", "is set but cert_file is not; a client key needs its certificate");
      key = null;
    }
    if (!serverName.isEmpty() && !serverName.matches("[A-Za-z0-9.:\\[\\]*-]+")) {
      tls.error("server_name", "\"" + serverName + "\" is not a host name");
      serverName = "";
    }
    if (insecure && ca != null) {
      tls.warn("ca_file", "is not used while insecure_skip_verify is on");
    }
    HttpTls options = new HttpTls(ca, cert, key, serverName, insecure);
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

  private static Path path(Section tls, String key) {
    String v = tls.string(key, "").trim();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      tls.error(key, "\"" + v + "\" is not a valid file path: " + e.getReason());
      return null;
    }
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
