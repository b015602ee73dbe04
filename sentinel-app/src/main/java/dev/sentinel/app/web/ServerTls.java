package dev.sentinel.app.web;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import dev.sentinel.core.options.Section;
import dev.sentinel.core.tls.ClientTls;
import dev.sentinel.core.tls.ClientTls.TlsFileException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The listener's TLS ({@code tls_server_config} of the web config file): its certificate and key,
 * the TLS versions it accepts, and whether it requires a client certificate issued by {@code
 * client_ca_file}. Built once, with every file read and checked, so a problem is a config error.
 */
public record ServerTls(SSLContext context, List<String> protocols, boolean clientCertificates) {
  static final String CERT_FILE = "cert_file";
  static final String KEY_FILE = "key_file";
  static final String CLIENT_AUTH_TYPE = "client_auth_type";
  static final String CLIENT_CA_FILE = "client_ca_file";
  static final String MIN_VERSION = "min_version";
  static final String MAX_VERSION = "max_version";
  static final String NO_CLIENT_CERT = "NoClientCert";
  static final String VERIFY_CLIENT_CERT = "RequireAndVerifyClientCert";

  /** exporter-toolkit's versions, in order, and the JDK's names for them. */
  private static final List<String> VERSIONS = List.of("TLS12", "TLS13");

  private static final List<String> JDK_VERSIONS = List.of("TLSv1.2", "TLSv1.3");

  /** exporter-toolkit's keys this listener does not implement: an error, never ignored. */
  private static final List<String> UNSUPPORTED =
      List.of(
          "cert",
          "key",
          "client_ca",
          "client_allowed_sans",
          "cipher_suites",
          "prefer_server_cipher_suites",
          "curve_preferences");

  private static final List<String> OTHER_CLIENT_AUTH_TYPES =
      List.of(
          "RequestClientCert",
          "RequireAnyClientCert",
          "RequireClientCert",
          "VerifyClientCertIfGiven");

  public ServerTls {
    protocols = List.copyOf(protocols);
  }

  /**
   * Reads the section (finishing it) and builds the context, relative paths resolved against {@code
   * dir} (the web config file's directory; null: the working directory). Null after recording the
   * problems.
   */
  static ServerTls read(Section s, Path dir) {
    int before = s.problems().errors().size();
    WebConfig.refuse(s, UNSUPPORTED);
    Path cert = path(s, CERT_FILE, dir, true);
    Path key = path(s, KEY_FILE, dir, true);
    Path clientCa = path(s, CLIENT_CA_FILE, dir, false);
    boolean verify = clientAuth(s);
    int min = version(s, MIN_VERSION, 0);
    int max = version(s, MAX_VERSION, VERSIONS.size() - 1);
    s.finish();
    if (max < min) {
      s.error(MAX_VERSION, "is lower than min_version");
    }
    if (verify && clientCa == null) {
      s.error(
          CLIENT_AUTH_TYPE,
          VERIFY_CLIENT_CERT
              + " needs client_ca_file (the CA certificates that issue the client certificates)");
    } else if (!verify && clientCa != null) {
      s.error(
          CLIENT_CA_FILE,
          "is set but client_auth_type is "
              + NO_CLIENT_CERT
              + " (set client_auth_type: "
              + VERIFY_CLIENT_CERT
              + " to require client certificates)");
    }
    // Every file is read even when other keys are wrong, so one run reports every problem.
    KeyManager[] keys = cert == null || key == null ? null : part(s, () -> keyManagers(cert, key));
    TrustManager trust = clientCa == null ? null : part(s, () -> trust(clientCa));
    if (s.problems().errors().size() > before) {
      return null;
    }
    List<String> protocols = JDK_VERSIONS.subList(min, max + 1);
    return part(s, () -> of(keys, verify ? trust : null, protocols));
  }

  /**
   * The context for {@code cert} (a PEM chain) and {@code key} (PEM PKCS#8, belonging to it),
   * requiring client certificates issued by a CA in {@code clientCa} unless it is null.
   */
  static ServerTls build(Path cert, Path key, Path clientCa, List<String> protocols)
      throws TlsFileException, GeneralSecurityException {
    return of(keyManagers(cert, key), clientCa == null ? null : trust(clientCa), protocols);
  }

  private static KeyManager[] keyManagers(Path cert, Path key)
      throws TlsFileException, GeneralSecurityException {
    return ClientTls.keyManagers(cert, key);
  }

  private static TrustManager trust(Path clientCa)
      throws TlsFileException, GeneralSecurityException {
    return ClientTls.trust(CLIENT_CA_FILE, clientCa);
  }

  /** Requires client certificates that {@code trust} trusts, unless it is null. */
  private static ServerTls of(KeyManager[] keys, TrustManager trust, List<String> protocols)
      throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, trust == null ? null : new TrustManager[] {trust}, null);
    return new ServerTls(context, protocols, trust != null);
  }

  /** Reading a certificate or key, or setting up TLS with it. */
  private interface Part<T> {
    T get() throws TlsFileException, GeneralSecurityException;
  }

  /** {@code part}'s result, or null after recording its problem at the option it names. */
  private static <T> T part(Section s, Part<T> part) {
    try {
      return part.get();
    } catch (TlsFileException e) {
      s.error(e.key(), e.getMessage());
    } catch (GeneralSecurityException e) {
      s.error(CERT_FILE, "cannot set up TLS: " + e.getMessage());
    }
    return null;
  }

  /** What the JDK's HTTPS server applies to each connection. */
  HttpsConfigurator configurator() {
    return new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        p.setNeedClientAuth(clientCertificates);
        params.setSSLParameters(p);
      }
    };
  }

  /** E.g. {@code https (TLSv1.2, TLSv1.3; client certificates required)}. */
  String describe() {
    return "https ("
        + String.join(", ", protocols)
        + (clientCertificates ? "; client certificates required" : "")
        + ")";
  }

  private static boolean clientAuth(Section s) {
    String type = s.string(CLIENT_AUTH_TYPE, NO_CLIENT_CERT).trim();
    if (type.equals(VERIFY_CLIENT_CERT)) {
      return true;
    }
    if (OTHER_CLIENT_AUTH_TYPES.contains(type)) {
      s.error(
          CLIENT_AUTH_TYPE,
          type
              + " is not supported by Sentinel's web listener (use "
              + VERIFY_CLIENT_CERT
              + " or "
              + NO_CLIENT_CERT
              + ")");
    } else if (!type.equals(NO_CLIENT_CERT)) {
      s.error(
          CLIENT_AUTH_TYPE,
          "\"" + type + "\" is not one of " + NO_CLIENT_CERT + ", " + VERIFY_CLIENT_CERT);
    }
    return false;
  }

  private static int version(Section s, String key, int fallback) {
    String v = s.string(key, VERSIONS.get(fallback)).trim();
    int i = VERSIONS.indexOf(v);
    if (i < 0) {
      String versions = String.join(" or ", VERSIONS);
      s.error(
          key,
          v.equals("TLS10") || v.equals("TLS11")
              ? v + " is not supported (use " + versions + ")"
              : "\"" + v + "\" is not a TLS version (use " + versions + ")");
      return fallback;
    }
    return i;
  }

  private static Path path(Section s, String key, Path dir, boolean required) {
    String v = required ? s.requiredString(key).trim() : s.string(key, "").trim();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return dir == null ? Path.of(v) : dir.resolve(v);
    } catch (InvalidPathException e) {
      s.error(key, "\"" + v + "\" is not a valid file path");
      return null;
    }
  }
}
