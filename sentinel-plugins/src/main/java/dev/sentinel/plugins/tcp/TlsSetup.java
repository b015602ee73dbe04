package dev.sentinel.plugins.tcp;

import dev.sentinel.plugins.net.Hosts;
import dev.sentinel.core.tls.TrustAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the client side of a tcp task's TLS from {@code tls_config}, with the JDK only: PEM
 * certificates through {@link CertificateFactory}, a PEM PKCS#8 key (RSA or EC) through
 * {@link KeyFactory}. Files are read on every run, so renewed certificates are picked up.
 */
final class TlsSetup {
  /** A problem with the configured files; the run fails with reason {@code tls}. */
  static final class TlsConfigException extends Exception {
    TlsConfigException(String message) {
      super(message);
    }
  }

  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");
  private static final char[] NO_PASSWORD = new char[0];

  private TlsSetup() {}

  static SSLContext context(TcpOptions.Tls c) throws TlsConfigException {
    try {
      TrustManager[] trust;
      if (c.insecureSkipVerify()) {
        trust = new TrustManager[] {new TrustAll()};
      } else if (!c.caFile().isEmpty()) {
        KeyStore ks = emptyStore();
        int i = 0;
        for (X509Certificate cert : certificates("tls_config.ca_file", c.caFile())) {
          ks.setCertificateEntry("ca" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trust = tmf.getTrustManagers();
      } else {
        trust = null; // the JDK's default trust store
      }
      KeyManager[] keys = null;
      if (!c.certFile().isEmpty()) {
        List<X509Certificate> chain = certificates("tls_config.cert_file", c.certFile());
        PrivateKey key = privateKey(c.keyFile());
        KeyStore ks = emptyStore();
        try {
          ks.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
        } catch (GeneralSecurityException e) {
          throw new TlsConfigException("tls_config.key_file " + c.keyFile() + " does not match cert_file " + c.certFile()
              + ": " + e.getMessage());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, NO_PASSWORD);
        keys = kmf.getKeyManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsConfigException("TLS set-up failed: " + e.getMessage());
    }
  }

  /**
   * Wraps the connected {@code plain} socket. {@code peerName} is what the certificate must match
   * (a name or an address literal) and, when it is a name, the SNI sent.
   */
  static SSLSocket wrap(SSLContext ctx, Socket plain, String peerName, int port, boolean verifyName)
      throws IOException {
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, peerName, port, true);
    SSLParameters p = s.getSSLParameters();
    if (verifyName) {
      p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818 name / IP address checks
    }
    if (!Hosts.isLiteral(peerName)) {
      try {
        p.setServerNames(List.of(new SNIHostName(peerName)));
      } catch (IllegalArgumentException e) {
        // not a valid SNI name (e.g. ends with a dot): send none
      }
    }
    s.setSSLParameters(p);
    s.setUseClientMode(true);
    return s;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    return ks;
  }

  private static byte[] read(String key, String file) throws TlsConfigException {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException | RuntimeException e) {
      throw new TlsConfigException(key + ": cannot read " + file + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null || e.getMessage().equals(file) ? "" : ": " + e.getMessage()) + ")");
    }
  }

  static List<X509Certificate> certificates(String key, String file) throws TlsConfigException {
    byte[] pem = read(key, file);
    try {
      Collection<? extends Certificate> all =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      List<X509Certificate> out = all.stream().map(X509Certificate.class::cast).toList();
      if (out.isEmpty()) {
        throw new TlsConfigException(key + ": no certificate in " + file);
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new TlsConfigException(key + ": " + file + " is not a PEM certificate file (" + e.getMessage() + ")");
    }
  }

  static PrivateKey privateKey(String file) throws TlsConfigException {
    String text = new String(read("tls_config.key_file", file), StandardCharsets.US_ASCII);
    Matcher m = PRIVATE_KEY.matcher(text);
    if (!m.find()) {
      throw new TlsConfigException("tls_config.key_file: no PEM private key in " + file);
    }
    if (!m.group(1).isEmpty()) {
      throw new TlsConfigException("tls_config.key_file: " + file + " holds a \"" + m.group(1)
          + "PRIVATE KEY\"; only unencrypted PKCS#8 (\"BEGIN PRIVATE KEY\") is read"
          + " (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new TlsConfigException("tls_config.key_file: bad base64 in " + file);
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new TlsConfigException("tls_config.key_file: " + file + " is neither an RSA nor an EC PKCS#8 key");
  }

}
