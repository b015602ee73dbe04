package dev.sentinel.sender.http;

import dev.sentinel.core.tls.Pem;
import dev.sentinel.core.tls.TlsSettings;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;

/**
 * A local HTTPS receiver (JDK HttpsServer) answering 204 to everything; optionally requires a
 * client certificate issued by the test CA. Records the SNI names clients sent.
 */
final class TlsReceiver implements AutoCloseable {
  final HttpsServer server;
  final List<String> sniNames = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  TlsReceiver(TestCerts certs, boolean requireClientCert) throws Exception {
    // The server side reuses the code under test for PEM -> SSLContext, with the CA as trust.
    TlsSettings serverTls = new TlsSettings(certs.ca, certs.serverCert, certs.serverKey, "", false);
    SSLContext context = SSLContext.getInstance("TLS");
    javax.net.ssl.KeyManagerFactory kmf = keyManagers(certs.serverCert, certs.serverKey);
    context.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {serverTls.trustManager()}, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = context.getDefaultSSLParameters();
            p.setNeedClientAuth(requireClientCert);
            p.setSNIMatchers(
                List.of(
                    new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                      @Override
                      public boolean matches(SNIServerName name) {
                        sniNames.add(new SNIHostName(name.getEncoded()).getAsciiName());
                        return true;
                      }
                    }));
            params.setSSLParameters(p);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if (auth != null) {
            authorizations.add(auth);
          }
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  private static javax.net.ssl.KeyManagerFactory keyManagers(Path cert, Path key) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "server",
        Pem.privateKey(java.nio.file.Files.readAllBytes(key)),
        "x".toCharArray(),
        Pem.certificates(java.nio.file.Files.readAllBytes(cert)).toArray(new java.security.cert.X509Certificate[0]));
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "x".toCharArray());
    return kmf;
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
