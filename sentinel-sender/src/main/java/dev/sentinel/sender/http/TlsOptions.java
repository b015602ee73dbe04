package dev.sentinel.sender.http;

import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.core.tls.ClientTls.TlsFileException;

import dev.sentinel.core.tls.TrustAll;

import dev.sentinel.core.options.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
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
    ClientTls.Settings t = ClientTls.read(tls, "is on: the server's certificate and host name are NOT checked (anyone on the path can"
        + " read and change the traffic); use ca_file instead");
    TlsOptions options = new TlsOptions(t.caFile(), t.certFile(), t.keyFile(), t.serverName(), t.insecureSkipVerify());
    Path ca = t.caFile();
    Path cert = t.certFile();
    Path key = t.keyFile();
    // Read and check the files now, so `sentinel check` reports every unusable one.
    boolean filesOk = true;
    for (Object[] f : new Object[][] {{"ca_file", ca}, {"cert_file", cert}}) {
      if (f[1] != null) {
        try {
          ClientTls.certificates((String) f[0], (Path) f[1]);
        } catch (TlsFileException e) {
          tls.error(e.key(), e.getMessage());
          filesOk = false;
        }
      }
    }
    if (key != null) {
      try {
        ClientTls.privateKey(key);
      } catch (TlsFileException e) {
        tls.error(e.key(), e.getMessage());
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

  /** Reads the files and builds the socket factory, trust manager and host name check. */
  public Setup build() throws TlsFileException, GeneralSecurityException {
    X509TrustManager trust = insecureSkipVerify ? new TrustAll() : ClientTls.trust(caFile);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(ClientTls.keyManagers(certFile, keyFile), new TrustManager[] {trust}, null);
    ClientTls.Sockets sockets = ClientTls.sockets(context, serverName, insecureSkipVerify);
    return new Setup(sockets.socketFactory(), trust, sockets.hostnameVerifier());
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
