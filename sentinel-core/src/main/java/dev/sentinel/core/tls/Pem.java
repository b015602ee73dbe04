package dev.sentinel.core.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM parsing with the JDK only: X.509 certificates and unencrypted PKCS#8 private keys (RSA, EC,
 * Ed25519/Ed448). Error messages describe the problem, never the file's content.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private Pem() {}

  /** Thrown for unusable PEM content; the message is safe to show. */
  public static final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    PemException(String message) {
      super(message);
    }
  }

  /** Every {@code CERTIFICATE} block, in file order; at least one. */
  public static List<X509Certificate> certificates(byte[] pem) throws PemException {
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 support", e);
    }
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      if (!m.group(1).equals("CERTIFICATE")) {
        continue;
      }
      byte[] der = decode(m.group(2), "CERTIFICATE");
      try {
        Certificate c = factory.generateCertificate(new ByteArrayInputStream(der));
        out.add((X509Certificate) c);
      } catch (CertificateException | ClassCastException e) {
        throw new PemException(
            "certificate number " + (out.size() + 1) + " is not a valid X.509 certificate");
      }
    }
    if (out.isEmpty()) {
      throw new PemException("contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return out;
  }

  /** The one {@code PRIVATE KEY} (PKCS#8) block. */
  public static PrivateKey privateKey(byte[] pem) throws PemException {
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      switch (m.group(1)) {
        case "PRIVATE KEY" -> {
          return pkcs8(decode(m.group(2), "PRIVATE KEY"));
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
            throw new PemException(
                "holds a "
                    + m.group(1)
                    + " (PKCS#1/SEC1); Sentinel reads PKCS#8 keys: convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8");
        case "ENCRYPTED PRIVATE KEY" ->
            throw new PemException(
                "holds an encrypted key; Sentinel needs an unencrypted PKCS#8 key (protect the file"
                    + " with permissions): openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8");
        default -> {
          // certificates etc. may share the file
        }
      }
    }
    throw new PemException("contains no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey pkcs8(byte[] der) throws PemException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"RSA", "EC", "EdDSA", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
        // try the next algorithm
      }
    }
    throw new PemException("the private key is not a valid RSA, EC or EdDSA PKCS#8 key");
  }

  /** Whether {@code key} belongs to {@code cert} (a test signature verifies). */
  public static boolean matches(PrivateKey key, X509Certificate cert) {
    PublicKey pub = cert.getPublicKey();
    String alg =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
          default -> null;
        };
    if (alg == null) {
      return pub.getAlgorithm().equals(key.getAlgorithm()); // can't check further
    }
    try {
      byte[] data = "sentinel key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(alg);
      signer.initSign(key);
      signer.update(data);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(alg);
      verifier.initVerify(pub);
      verifier.update(data);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] decode(String base64, String what) throws PemException {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new PemException("a " + what + " block is not valid base64");
    }
  }
}
