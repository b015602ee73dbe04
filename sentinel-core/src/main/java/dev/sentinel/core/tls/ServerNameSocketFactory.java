package dev.sentinel.core.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens TLS sockets for {@code serverName} instead of the URL's host: the JDK then sends it as SNI
 * and, with {@code verify}, checks the certificate against it.
 */
public final class ServerNameSocketFactory extends SSLSocketFactory {
  private final SSLSocketFactory delegate;
  private final String serverName;
  private final boolean verify;

  public ServerNameSocketFactory(SSLSocketFactory delegate, String serverName, boolean verify) {
    this.delegate = delegate;
    this.serverName = serverName.toLowerCase(Locale.ROOT);
    this.verify = verify;
  }

  private Socket configure(Socket s) {
    if (s instanceof SSLSocket ssl && verify) {
      SSLParameters p = ssl.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(p);
    }
    return s;
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose)
      throws IOException {
    return configure(delegate.createSocket(s, serverName, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return configure(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return configure(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return configure(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return configure(delegate.createSocket(address, port, localAddress, localPort));
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }
}
