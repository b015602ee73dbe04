package dev.sentinel.core.tls;

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
 * The pieces every TLS client option set ({@code ca_file}, {@code cert_file} + {@code key_file},
 * {@code server_name}, {@code insecure_skip_verify}) is built from, for the http plugin and the
 * HTTP destinations alike: PEM files read with messages that name the option and the file (never
 * the content), the trust manager, the client key managers, and the socket factory and host check
 * an OkHttp client needs.
 */
public final class ClientTls {
  /** The key that turns certificate checks off (set by {@code trigger … -k} as well). */
  public static final String INSECURE_SKIP_VERIFY = "insecure_skip_verify";

  private ClientTls() {}

  /** A TLS file that cannot be used; the message names the file and the problem, not the content. */
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

  /** The validated values of a {@code tls} mapping; absent paths are null, server name "" when unset. */
  public record Settings(Path caFile, Path certFile, Path keyFile, String serverName, boolean insecureSkipVerify) {}

  /**
   * Reads {@code ca_file}, {@code cert_file}, {@code key_file}, {@code server_name} and {@code
   * insecure_skip_verify} (finishing the section, so other keys are reported), checking what can
   * be checked without reading files: a certificate needs its key and back, a server name is a
   * host name. With insecure_skip_verify, {@code insecureWarning} (if not null) is warned on it,
   * and a ca_file is reported as unused.
   */
  public static Settings read(dev.sentinel.core.options.Section tls, String insecureWarning) {
    Path ca = path(tls, "ca_file");
    Path cert = path(tls, "cert_file");
    Path key = path(tls, "key_file");
    String serverName = tls.string("server_name", "").trim();
    boolean insecure = tls.bool(INSECURE_SKIP_VERIFY, false);
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
    if (insecure) {
      if (insecureWarning != null) {
        tls.warn(INSECURE_SKIP_VERIFY, insecureWarning);
      }
      if (ca != null) {
        tls.warn("ca_file", "is not used while insecure_skip_verify is on");
      }
    }
    return new Settings(ca, cert, key, serverName, insecure);
  }

  private static Path path(dev.sentinel.core.options.Section tls, String key) {
    String v = tls.string(key, "").trim();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Path.of(v);
    } catch (java.nio.file.InvalidPathException e) {
      tls.error(key, "\"" + v + "\" is not a valid file path: " + e.getReason());
      return null;
    }
  }

  /** What OkHttp needs besides the trust manager; {@code hostnameVerifier} null means OkHttp's own. */
  public record Sockets(SSLSocketFactory socketFactory, HostnameVerifier hostnameVerifier) {}

  /** The trust manager of {@code caFile}'s CAs, or of the JDK's trust store when it is null. */
  public static X509TrustManager trust(Path caFile) throws TlsFileException, GeneralSecurityException {
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
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  /** Key managers presenting the client certificate chain and key; null when both are null. */
  public static KeyManager[] keyManagers(Path certFile, Path keyFile) throws TlsFileException, GeneralSecurityException {
    if (certFile == null || keyFile == null) {
      return null;
    }
    List<X509Certificate> chain = certificates("cert_file", certFile);
    PrivateKey key = privateKey(keyFile);
    if (!Pem.matches(key, chain.get(0))) {
      throw new TlsFileException("key_file", keyFile + " does not belong to the certificate in " + certFile);
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
      return Pem.privateKey(read("key_file", keyFile));
    } catch (Pem.PemException e) {
      throw new TlsFileException("key_file", keyFile + " " + e.getMessage());
    }
  }

  private static byte[] read(String key, Path file) throws TlsFileException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TlsFileException(key, dev.sentinel.core.options.FileError.cannotRead(file, e));
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
