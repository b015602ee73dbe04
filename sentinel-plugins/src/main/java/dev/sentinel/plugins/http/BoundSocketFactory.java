package dev.sentinel.plugins.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/** {@code source}: plain sockets bound to a local address before OkHttp connects them. */
final class BoundSocketFactory extends SocketFactory {
  private final InetAddress source;

  BoundSocketFactory(InetAddress source) {
    this.source = source;
  }

  @Override
  public Socket createSocket() throws IOException {
    Socket s = new Socket();
    try {
      s.bind(new InetSocketAddress(source, 0));
    } catch (IOException e) {
      s.close();
      throw new ConnectException(
          "cannot bind source address " + source.getHostAddress() + ": " + e.getMessage());
    }
    return s;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return createSocket(host, port, source, 0);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return new Socket(host, port, source, 0);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return new Socket(host, port, source, 0);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return new Socket(address, port, source, 0);
  }
}
