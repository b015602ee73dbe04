package dev.sentinel.plugins.http;

import java.security.cert.X509Certificate;
import java.util.List;
import okhttp3.Handshake;

/**
 * What a run saw of TLS.
 *
 * @param version the negotiated version in blackbox's spelling ("TLS 1.3"), or null without a
 *     handshake
 * @param chain the chain the server presented, leaf first; empty when none was seen
 */
record HttpTls(String version, List<X509Certificate> chain) {
  HttpTls {
    chain = List.copyOf(chain);
  }

  /**
   * The version and chain of {@code handshake} (may be null), else the chain the trust manager saw
   * (a rejected one).
   */
  static HttpTls of(Handshake handshake, ChainRecorder chains) {
    String version = handshake == null ? null : version(handshake.tlsVersion().javaName());
    if (handshake != null && !handshake.peerCertificates().isEmpty()) {
      return new HttpTls(
          version,
          handshake.peerCertificates().stream()
              .filter(X509Certificate.class::isInstance)
              .map(X509Certificate.class::cast)
              .toList());
    }
    X509Certificate[] recorded = chains.lastChain();
    return new HttpTls(version, recorded == null ? List.of() : List.of(recorded));
  }

  /** "TLSv1.3" → "TLS 1.3" (blackbox's spelling). */
  static String version(String javaName) {
    return javaName.startsWith("TLSv") ? "TLS " + javaName.substring(4) : javaName;
  }

  /** Whether there is anything to show: a handshake or a presented chain. */
  boolean seen() {
    return version != null || !chain.isEmpty();
  }

  /** The first certificate of the chain to expire, or null. */
  X509Certificate earliest() {
    X509Certificate out = null;
    for (X509Certificate c : chain) {
      if (out == null || c.getNotAfter().before(out.getNotAfter())) {
        out = c;
      }
    }
    return out;
  }
}
