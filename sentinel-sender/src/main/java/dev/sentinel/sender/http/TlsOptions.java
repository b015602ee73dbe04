package dev.sentinel.sender.http;

import dev.sentinel.core.tls.Pem;
import dev.sentinel.core.tls.ServerNameSocketFactory;
import dev.sentinel.core.tls.TrustAll;

import dev.sentinel.core.config.Section;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
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
import javax.net.ssl.X509TrustManager;

/**
 * The {@code tls} options of an HTTP destination: {@code ca_file} (PEM CA certificates that
 * replace the JDK's trust store), {@code cert_file} + {@code key_file} (PEM client certificate
 * chain and unencrypted PKCS#8 RSA/EC key, for mutual TLS), {@code server_name} (the name the
 * server's certificate is checked against and sent as SNI, instead of the URL's host) and {@code
 * insecure_skip_verify} (no certificate or host name check at all). Built with the JDK only.
 */
public record TlsOptions(
    Path caFile, Path certFile, Path keyFile, String serverName, boolean insecureSkipVerify) {
  public static final TlsOptions NONE = new TlsOptions(null, null, null, "", false);

  /** What OkHttp needs for one TLS configuration. {@code hostnameVerifier} null: OkHttp's own. */
  public record Setup(
      SSLSocketFactory socketFactory, X509TrustManager trustManager, HostnameVerifier hostnameVerifier) {}

  /** A TLS file that cannot be used; the message names the option and the file, not the content. */
  public static final class TlsFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String key;

    TlsFileException(String key, String message) {
      super(message);
      this.key = key;
    }

    /** The option, e.g. {@code key_file}. */
    public String key() {
      return key;
    }
  }

  /** Whether anything differs from the JDK's default TLS behaviour. */
  public boolean custom() {
    return caFile != null || certFile != null || !serverName.isEmpty() || insecureSkipVerify;
  }

  /** The files in use (for change detection). */
  public List<Path> files() {
    List<Path> out = new ArrayList<>();
    for (Path p : new Path[] {caFile, certFile, keyFile}) {
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * A cheap fingerprint of the files (modification time and size of each); a different value
   * means the files changed and the TLS setup must be rebuilt.
   */
  public List<String> stamp() {
    List<String> out = new ArrayList<>();
    for (Path p : files()) {
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        out.add(p + "@" + a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey());
      } catch (IOException e) {
        out.add(p + "@missing");
      }
    }
    return out;
  }

  /** Reads the {@code tls} mapping; reports problems through it (and finishes it). */
  public static TlsOptions read(Section tls) {
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
    if (insecure) {
      tls.warn(
          "insecure_skip_verify",
          "is on: the server's certificate and host name are NOT checked (anyone on the path can"
              + " read and change the traffic); use ca_file instead");
      if (ca != null) {
        tls.warn("ca_file", "is not used while insecure_skip_verify is on");
      }
    }
    TlsOptions options = new TlsOptions(ca, cert, key, serverName, insecure);
    // Read and check the files now, so `sentinel check` reports every unusable one.
    boolean filesOk = true;
    for (Object[] f : new Object[][] {{"ca_file", ca}, {"cert_file", cert}}) {
      if (f[1] != null) {
        try {
          certificates((String) f[0], (Path) f[1]);
        } catch (TlsFileException e) {
          tls.error(e.key(), e.getMessage());
          filesOk = false;
        }
      }
    }
    if (key != null) {
      try {
        Pem.privateKey(read("key_file", key));
      } catch (TlsFileException e) {
        tls.error(e.key(), e.getMessage());
        filesOk = false;
      } catch (Pem.PemException e) {
        tls.error("key_file", key + " " + e.getMessage());
        filesOk = false;
      }
    }
    if (!filesOk) {
      return options;
    }
    try {
      options.build(); // the whole setup (e.g. key and certificate belong together)
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

  /** Reads the files and builds the socket factory, trust manager and host name check. */
  public Setup build() throws TlsFileException, GeneralSecurityException {
    X509TrustManager trust;
    if (insecureSkipVerify) {
      trust = new TrustAll();
    } else {
      KeyStore roots = null;
      if (caFile != null) {
        roots = KeyStore.getInstance("PKCS12");
        try {
          roots.load(null, null);
        } catch (IOException e) {
          throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate c : certificates("ca_file", caFile)) {
          roots.setCertificateEntry("ca-" + i++, c);
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(roots);
      trust = (X509TrustManager) tmf.getTrustManagers()[0];
    }
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
        throw new TlsFileException(
            "key_file", keyFile + " does not belong to the certificate in " + certFile);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      char[] pw = "sentinel".toCharArray(); // in memory only; PKCS12 wants one
      try {
        ks.load(null, null);
      } catch (IOException e) {
        throw new GeneralSecurityException(e);
      }
      ks.setKeyEntry("client", key, pw, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      keyManagers = kmf.getKeyManagers();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers, new TrustManager[] {trust}, null);
    SSLSocketFactory factory = context.getSocketFactory();
    HostnameVerifier verifier = null;
    if (insecureSkipVerify) {
      verifier = (host, session) -> true;
      if (!serverName.isEmpty()) {
        factory = new ServerNameSocketFactory(factory, serverName, false);
      }
    } else if (!serverName.isEmpty()) {
      // The JDK checks the certificate against server_name (endpoint identification on the
      // socket, whose peer host and SNI are server_name); OkHttp's check against the URL's host
      // would contradict the option, so it is switched off for this client only.
      factory = new ServerNameSocketFactory(factory, serverName, true);
      verifier = (host, session) -> true;
    }
    return new Setup(factory, trust, verifier);
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
      throw new TlsFileException(key, SecretSource.cannotRead(file, e));
    }
  }

  /** E.g. {@code TLS (ca /etc/ca.pem, client cert /etc/c.pem, server name vm.internal)}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (insecureSkipVerify) {
      parts.add("INSECURE: no certificate check");
    } else if (caFile != null) {
      parts.add("ca " + caFile);
    }
    if (certFile != null) {
      parts.add("client cert " + certFile);
    }
    if (!serverName.isEmpty()) {
      parts.add("server name " + serverName);
    }
    return parts.isEmpty() ? "" : "TLS (" + String.join(", ", parts) + ")";
  }

}
