package dev.sentinel.core.tls;

import dev.sentinel.testing.TestPki;
import dev.sentinel.testing.TestPki.Identity;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManager;

/**
 * A TLS server on 127.0.0.1 for handshake tests: completes the handshake with every client, writes
 * {@code ok}, and records the SNI names clients sent. {@link #handshake} is the client side.
 */
final class LoopbackTlsServer implements AutoCloseable {
  private final SSLServerSocket socket;
  private final Thread acceptor;
  final List<String> sniNames = new CopyOnWriteArrayList<>();

  LoopbackTlsServer(TestPki pki, Identity identity, boolean needClientAuth) throws IOException {
    socket = pki.serverSocket(identity, needClientAuth);
    SSLParameters p = socket.getSSLParameters();
    p.setNeedClientAuth(needClientAuth);
    p.setSNIMatchers(
        List.of(
            new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
              @Override
              public boolean matches(SNIServerName name) {
                sniNames.add(new SNIHostName(name.getEncoded()).getAsciiName());
                return true;
              }
            }));
    socket.setSSLParameters(p);
    acceptor = new Thread(this::serve, "loopback-tls-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (SSLSocket s = (SSLSocket) socket.accept()) {
        s.setSoTimeout(5_000);
        s.startHandshake();
        s.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
      } catch (IOException e) {
        // a refused handshake (the test's client sees it) or the server closing
      }
    }
  }

  int port() {
    return socket.getLocalPort();
  }

  /** A client context from the pieces under test. */
  static SSLContext clientContext(KeyManager[] keys, TrustManager trust)
      throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, new TrustManager[] {trust}, null);
    return context;
  }

  /**
   * Connects, layers TLS through {@code factory} as OkHttp does ({@code createSocket(socket, host,
   * port, autoClose)} with the URL's host 127.0.0.1), and returns the server's line.
   */
  static String handshake(SSLSocketFactory factory, int port) throws IOException {
    Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
    plain.setSoTimeout(5_000);
    try (SSLSocket ssl = (SSLSocket) factory.createSocket(plain, "127.0.0.1", port, true)) {
      ssl.startHandshake();
      return readLine(ssl);
    }
  }

  /**
   * The server's line on {@code ssl}, after its handshake; the server closing first is an error.
   */
  static String readLine(SSLSocket ssl) throws IOException {
    String line =
        new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
    if (line == null) {
      throw new EOFException("the server closed the connection after the handshake");
    }
    return line;
  }

  @Override
  public void close() throws Exception {
    socket.close();
    acceptor.join(5_000);
  }
}
