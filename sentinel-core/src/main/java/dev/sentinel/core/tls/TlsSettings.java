package dev.sentinel.core.tls;

import dev.sentinel.core.options.Section;
import dev.sentinel.core.tls.ClientTls.TlsFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client TLS options, read the same way wherever they appear (an HTTP destination's and the
 * http plugin's {@code tls}, the tcp plugin's {@code tls_config}): {@code ca_file} (PEM CAs that
 * replace the JDK's trust store), {@code cert_file} + {@code key_file} (PEM client certificate
 * chain and unencrypted PKCS#8 key, for mutual TLS), {@code server_name} (the name the server's
 * certificate is checked against and sent as SNI) and {@code insecure_skip_verify}. An immutable
 * value: absent paths are null, the server name "" when unset. The pieces a client is built from
 * (trust manager, {@link SSLContext}, socket factory) are made from it on demand, reading the
 * files.
 */
public record TlsSettings(
    Path caFile, Path certFile, Path keyFile, String serverName, boolean insecureSkipVerify) {
  public static final String CA_FILE = "ca_file";
  public static final String CERT_FILE = "cert_file";
  public static final String KEY_FILE = "key_file";
  public static final String SERVER_NAME = "server_name";
  public static final String INSECURE_SKIP_VERIFY = "insecure_skip_verify";

  /** The JDK's defaults. */
  public static final TlsSettings NONE = new TlsSettings(null, null, null, "", false);

  // A host name, an address (also in brackets) or a wildcard name; never an option-like "-x".
  private static final Pattern SERVER_NAME_SYNTAX =
      Pattern.compile("[A-Za-z0-9_.:\\[\\]*][A-Za-z0-9_.:\\[\\]*-]*");

  /** Whether anything differs from the JDK's default TLS behaviour. */
  public boolean custom() {
    return caFile != null || certFile != null || !serverName.isEmpty() || insecureSkipVerify;
  }

  /**
   * Reads the mapping (finishing it, so other keys are reported) without touching the files: a
   * certificate needs its key and back, a server name is a host name. With insecure_skip_verify,
   * {@code insecureWarning} (if not null) is warned on it, and a ca_file is reported as unused.
   */
  public static TlsSettings parse(Section tls, String insecureWarning) {
    Path ca = path(tls, CA_FILE);
    Path cert = path(tls, CERT_FILE);
    Path key = path(tls, KEY_FILE);
    String serverName = tls.string(SERVER_NAME, "").trim();
    boolean insecure = tls.bool(INSECURE_SKIP_VERIFY, false);
    tls.finish();
    if (cert != null && key == null) {
      tls.error(CERT_FILE, "is set but key_file is not; a client certificate needs its key");
      cert = null;
    } else if (key != null && cert == null) {
      tls.error(KEY_FILE, "is set but cert_file is not; a client key needs its certificate");
      key = null;
    }
    if (!serverName.isEmpty() && !SERVER_NAME_SYNTAX.matcher(serverName).matches()) {
      tls.error(SERVER_NAME, "\"" + serverName + "\" is not a host name");
      serverName = "";
    }
    if (insecure) {
      if (insecureWarning != null) {
        tls.warn(INSECURE_SKIP_VERIFY, insecureWarning);
      }
      if (ca != null) {
        tls.warn(CA_FILE, "is not used while insecure_skip_verify is on");
      }
    }
    return new TlsSettings(ca, cert, key, serverName, insecure);
  }

  /**
   * {@link #parse} and then reads every file, so {@code sentinel check} reports each missing or
   * unusable one (and a key that does not belong to its certificate) as a config error.
   */
  public static TlsSettings read(Section tls, String insecureWarning) {
    TlsSettings settings = parse(tls, insecureWarning);
    if (!settings.custom()) {
      return NONE;
    }
    boolean filesOk = true;
    for (Object[] f : new Object[][] {{CA_FILE, settings.caFile}, {CERT_FILE, settings.certFile}}) {
      if (f[1] != null) {
        try {
          ClientTls.certificates((String) f[0], (Path) f[1]);
        } catch (TlsFileException e) {
          tls.error(e.key(), e.getMessage());
          filesOk = false;
        }
      }
    }
    if (settings.keyFile != null) {
      try {
        ClientTls.privateKey(settings.keyFile);
      } catch (TlsFileException e) {
        tls.error(e.key(), e.getMessage());
        filesOk = false;
      }
    }
    if (filesOk) {
      try {
        settings.context(
            settings.trustManager()); // the whole setup (e.g. key and certificate belong together)
      } catch (TlsFileException e) {
        tls.error(e.key(), e.getMessage());
      } catch (GeneralSecurityException e) {
        tls.error(CA_FILE, "cannot set up TLS: " + e.getMessage());
      }
    }
    return settings;
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

  /**
   * Trusts everything with insecure_skip_verify, else {@code ca_file}'s CAs or the JDK's trust
   * store.
   */
  public X509ExtendedTrustManager trustManager() throws TlsFileException, GeneralSecurityException {
    return insecureSkipVerify ? new TrustAll() : (X509ExtendedTrustManager) ClientTls.trust(caFile);
  }

  /** A context trusting through {@code trust} and presenting the client certificate, if any. */
  public SSLContext context(TrustManager trust) throws TlsFileException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(ClientTls.keyManagers(certFile, keyFile), new TrustManager[] {trust}, null);
    return context;
  }

  /**
   * The socket factory and host check an HTTP client needs for {@code context} (see {@link
   * ClientTls#sockets}).
   */
  public ClientTls.Sockets sockets(SSLContext context) {
    return ClientTls.sockets(context, serverName, insecureSkipVerify);
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
   * A cheap fingerprint of the files (modification time and size of each); a different value means
   * the files changed and the TLS setup must be rebuilt.
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

  /**
   * E.g. {@code TLS (ca /etc/ca.pem, client cert /etc/c.pem, server name vm.internal)}; "" for the
   * defaults.
   */
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
