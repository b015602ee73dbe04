package dev.sentinel.plugins.http;

import dev.sentinel.core.tls.Pem;
import dev.sentinel.core.tls.ServerNameSocketFactory;

import dev.sentinel.core.config.Section;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The {@code tls} options of an http task: {@code ca_file} (PEM CAs that replace the JDK's trust
 * store), {@code cert_file} + {@code key_file} (client certificate and unencrypted PKCS#8 key, for
 * mutual TLS), {@code server_name} (SNI and the name the certificate is checked against) and
 * {@code insecure_skip_verify}. Adapted from the sender's TLS code (this module must not depend on
 * it). The trust manager records the chain the server presented, so the probe can report its
 * expiry even when the chain is rejected.
 */
record HttpTls(Path caFile, Path certFile, Path keyFile, String serverName, boolean insecureSkipVerify) {
  static final HttpTls NONE = new HttpTls(null, null, null, "", false);

  /** What OkHttp needs; {@code hostnameVerifier} null means OkHttp's own. */
  record Setup(SSLSocketFactory socketFactory, ChainRecorder trustManager, HostnameVerifier hostnameVerifier) {}

  /** A TLS file that cannot be used; the message names the file and the problem. */
  static final class TlsFileException extends Exception {
    private static final long serialVersionUID = 1L;
    final String key;

    TlsFileException(String key, String message) {
      super(message);
      this.key = key;
    }
  }

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
      tls.error(e.key, e.getMessage());
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
    X509ExtendedTrustManager trust;
    if (insecureSkipVerify) {
      trust = null;
    } else {
      KeyStore roots = null;
      if (caFile != null) {
        roots = emptyStore();
        int i = 0;
        for (X509Certificate c : certificates("ca_file", caFile)) {
          roots.setCertificateEntry("ca-" + i++, c);
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(roots);
      trust = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
    }
    ChainRecorder recorder = new ChainRecorder(trust);
    KeyManager[] keyManagers = null;
    if (certFile != null && keyFile != null) {
      List<X509Certificate> chain = certificates("cert_file", certFile);
      PrivateKey key;
      try {
        key = Pem.privateKey(read("key_file", keyFile));
      } catch (Pem.PemException e) {
        throw new TlsFileException("key_file", keyFile + " " + e.getMessage());
      }
      if (!Pem.matches(key, chain.get(0))) {
        throw new TlsFileException("key_file", keyFile + " does not belong to the certificate in " + certFile);
      }
      KeyStore ks = emptyStore();
      char[] pw = "sentinel".toCharArray(); // in memory only; PKCS12 wants one
      ks.setKeyEntry("client", key, pw, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      keyManagers = kmf.getKeyManagers();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers, new TrustManager[] {recorder}, null);
    SSLSocketFactory factory = context.getSocketFactory();
    HostnameVerifier verifier = null;
    if (insecureSkipVerify) {
      verifier = (host, session) -> true;
      if (!serverName.isEmpty()) {
        factory = new ServerNameSocketFactory(factory, serverName, false);
      }
    } else if (!serverName.isEmpty()) {
      // The JDK checks the certificate against server_name (endpoint identification on a socket
      // whose peer host and SNI are server_name); OkHttp's check against the URL's host would
      // contradict the option, so it is off for this client only.
      factory = new ServerNameSocketFactory(factory, serverName, true);
      verifier = (host, session) -> true;
    }
    return new Setup(factory, recorder, verifier);
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return ks;
  }

  private static List<X509Certificate> certificates(String key, Path file) throws TlsFileException {
    try {
      return Pem.certificates(read(key, file));
    } catch (Pem.PemException e) {
      throw new TlsFileException(key, file + " " + e.getMessage());
    }
  }

  private static byte[] read(String key, Path file) throws TlsFileException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TlsFileException(key, Secret.cannotRead(file, e));
    }
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
