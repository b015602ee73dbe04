package dev.sentinel.sender.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.sentinel.testing.TestPki;
import dev.sentinel.testing.TestPki.Identity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;

/**
 * A local HTTPS receiver (JDK HttpsServer) presenting {@code identity} and answering 204 to
 * everything; optionally requires a client certificate issued by the test CA. Records the SNI names
 * clients sent.
 */
final class TlsReceiver implements AutoCloseable {
  final HttpsServer server;
  final List<String> sniNames = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  TlsReceiver(TestPki pki, Identity identity, boolean requireClientCert) throws Exception {
    SSLContext context = pki.context(identity);
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

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
