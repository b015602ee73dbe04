package dev.sentinel.plugins.dns;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.WireParseException;

/**
 * One query over a new TCP connection (RFC 7766 framing), closed afterwards, bounded by a deadline
 * and interruptible. Not dnsjava's NIO TCP client: that one keeps connections open between queries
 * (so a run would not measure its own connect) and, in 3.6.5, after one TCP exchange UDP answers to
 * later {@code SimpleResolver} queries of the process were no longer delivered.
 */
final class DnsTcp {
  private DnsTcp() {}

  /**
   * Sends {@code query} to {@code server} and returns the response. Throws {@link
   * SocketTimeoutException} when the deadline ({@link System#nanoTime()}) passes, {@link
   * InterruptedException} when the thread is interrupted, another {@link IOException} otherwise.
   */
  static Message exchange(InetSocketAddress server, Message query, long deadline)
      throws IOException, InterruptedException {
    byte[] out = query.toWire(Message.MAXLENGTH);
    byte[] framed = new byte[out.length + 2];
    framed[0] = (byte) (out.length >>> 8);
    framed[1] = (byte) out.length;
    System.arraycopy(out, 0, framed, 2, out.length);
    try (SocketChannel channel = SocketChannel.open()) {
      Socket socket = channel.socket();
      socket.setTcpNoDelay(true);
      socket.connect(server, remainingMillis(deadline));
      socket.getOutputStream().write(framed);
      InputStream in = socket.getInputStream();
      byte[] length = readFully(socket, in, 2, deadline);
      int n = ((length[0] & 0xFF) << 8) | (length[1] & 0xFF);
      byte[] data = readFully(socket, in, n, deadline);
      Message response = new Message(data);
      if (response.getHeader().getID() != query.getHeader().getID()) {
        throw new WireParseException(
            "invalid message id: expected "
                + query.getHeader().getID()
                + "; got id "
                + response.getHeader().getID());
      }
      return response;
    } catch (ClosedByInterruptException e) {
      Thread.interrupted();
      throw new InterruptedException("interrupted during a DNS query over TCP");
    }
  }

  private static byte[] readFully(Socket socket, InputStream in, int n, long deadline)
      throws IOException {
    byte[] buf = new byte[n];
    int off = 0;
    while (off < n) {
      socket.setSoTimeout(remainingMillis(deadline));
      int r = in.read(buf, off, n - off);
      if (r < 0) {
        throw new IOException(
            "connection closed by the server after " + off + " of " + n + " bytes");
      }
      off += r;
    }
    return buf;
  }

  /** Milliseconds left until {@code deadline}, at least 1 (0 would mean "no timeout"). */
  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw new SocketTimeoutException("timed out");
    }
    return (int) Math.min(left, Integer.MAX_VALUE);
  }
}
