package dev.sentinel.testing;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** What {@link TestPki}'s files become in the JDK: certificates, keys, a TLS context. */
final class PkiContexts {
  private static final char[] STORE_PASSWORD = "test".toCharArray();

  private PkiContexts() {}

  /** A context presenting {@code identity}'s chain and trusting {@code ca} for the peer's. */
  static SSLContext context(TestPki.Identity identity, Path ca) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "server",
          privateKey(identity),
          STORE_PASSWORD,
          certificates(identity.chain()).toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, STORE_PASSWORD);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", certificates(ca).get(0));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot build a TLS context for " + identity.certificate(), e);
    }
  }

  /** Every certificate in a PEM file, in order. */
  static List<X509Certificate> certificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read certificates from " + pem, e);
    }
  }

  private static PrivateKey privateKey(TestPki.Identity identity)
      throws IOException, GeneralSecurityException {
    String pem = Files.readString(identity.key(), StandardCharsets.US_ASCII);
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    TestPki.KeyType type = identity.leaf().keyType();
    String algorithm = type == TestPki.KeyType.ED25519 ? "Ed25519" : type.name();
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
