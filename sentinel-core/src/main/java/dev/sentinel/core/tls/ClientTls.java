package dev.sentinel.core.tls;

import dev.sentinel.core.options.FileError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The pieces a client's {@link TlsSettings} are built from, for the HTTP destinations, the http
 * plugin and the tcp plugin alike: PEM files read (through {@link Pem}) with messages that name the
 * option and the file (never the content), the trust manager, the client key managers, and the
 * socket factory and host check an HTTP client needs.
 */
public final class ClientTls {
  private ClientTls() {}

  /**
   * A TLS file that cannot be used; the message names the file and the problem, not the content.
   */
  public static final class TlsFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String key;

    public TlsFileException(String key, String message) {
      super(message);
      this.key = key;
    }

    /** The option, e.g. {@code key_file}. */
    public String key() {
      return key;
    }
  }

  /**
   * What OkHttp needs besides the trust manager; {@code hostnameVerifier} null means OkHttp's own.
   */
  public record Sockets(SSLSocketFactory socketFactory, HostnameVerifier hostnameVerifier) {}

  /** The trust manager of {@code caFile}'s CAs, or of the JDK's trust store when it is null. */
  public static X509TrustManager trust(Path caFile)
      throws TlsFileException, GeneralSecurityException {
    return trust(TlsSettings.CA_FILE, caFile);
  }

  /**
   * As {@link #trust(Path)}, naming the option {@code key} in problems (a server's {@code
   * client_ca_file}).
   */
  public static X509TrustManager trust(String key, Path caFile)
      throws TlsFileException, GeneralSecurityException {
    KeyStore roots = null;
    if (caFile != null) {
      roots = emptyStore();
      int i = 0;
      for (X509Certificate c : certificates(key, caFile)) {
        roots.setCertificateEntry("ca-" + i++, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(roots);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  /**
   * Key managers presenting the certificate chain and key (a client's, or the web listener's server
   * certificate); null when both are null.
   */
  public static KeyManager[] keyManagers(Path certFile, Path keyFile)
      throws TlsFileException, GeneralSecurityException {
    if (certFile == null || keyFile == null) {
      return null;
    }
    List<X509Certificate> chain = certificates(TlsSettings.CERT_FILE, certFile);
    PrivateKey key = privateKey(keyFile);
    if (!Pem.matches(key, chain.get(0))) {
      throw new TlsFileException(
          TlsSettings.KEY_FILE, keyFile + " does not belong to the certificate in " + certFile);
    }
    KeyStore ks = emptyStore();
    char[] pw = "sentinel".toCharArray(); // in memory only; PKCS12 wants one
    ks.setKeyEntry("client", key, pw, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    return kmf.getKeyManagers();
  }

  /**
   * The socket factory and host check for {@code context}: with {@code serverName} the JDK checks
   * the certificate against it (endpoint identification on a socket whose peer host and SNI are
   * {@code serverName}), so OkHttp's own check against the URL's host, which would contradict the
   * option, is switched off for this client only; with {@code insecure} nothing is checked.
   */
  public static Sockets sockets(SSLContext context, String serverName, boolean insecure) {
    SSLSocketFactory factory = context.getSocketFactory();
    HostnameVerifier verifier = null;
    if (insecure) {
      verifier = (host, session) -> true;
      if (!serverName.isEmpty()) {
        factory = new ServerNameSocketFactory(factory, serverName, false);
      }
    } else if (!serverName.isEmpty()) {
      factory = new ServerNameSocketFactory(factory, serverName, true);
      verifier = (host, session) -> true;
    }
    return new Sockets(factory, verifier);
  }

  public static List<X509Certificate> certificates(String key, Path file) throws TlsFileException {
    try {
      return Pem.certificates(read(key, file));
    } catch (Pem.PemException e) {
      throw new TlsFileException(key, file + " " + e.getMessage());
    }
  }

  public static PrivateKey privateKey(Path keyFile) throws TlsFileException {
    try {
      return Pem.privateKey(read(TlsSettings.KEY_FILE, keyFile));
    } catch (Pem.PemException e) {
      throw new TlsFileException(TlsSettings.KEY_FILE, keyFile + " " + e.getMessage());
    }
  }

  private static byte[] read(String key, Path file) throws TlsFileException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TlsFileException(key, FileError.cannotRead(file, e));
    }
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
}
