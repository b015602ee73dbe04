package dev.sentinel.plugins.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines ({@code \n}, an optional {@code \r} before it is dropped) as UTF-8 for expect steps.
 * A line longer than {@link #MAX_LINE} bytes is cut there. A read timeout leaves the partial line
 * in place, so nothing received is lost.
 */
final class LineReader {
  static final int MAX_LINE = 64 * 1024;

  private final InputStream in;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int end;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean eof;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** The next line, or {@code null} at end of stream. Blocks up to the socket's SO_TIMEOUT. */
  String readLine() throws IOException {
    while (true) {
      while (pos < end) {
        byte b = buf[pos++];
        if (b == '\n') {
          return take();
        }
        line.write(b);
        if (line.size() >= MAX_LINE) {
          return take();
        }
      }
      if (eof) {
        return line.size() > 0 ? take() : null;
      }
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        eof = true;
      } else {
        pos = 0;
        end = n;
      }
    }
  }

  /** Whether part of a line has arrived but not its end. */
  boolean hasPartial() {
    return line.size() > 0;
  }

  String partial() {
    return decode(line.toByteArray());
  }

  private String take() {
    byte[] bytes = line.toByteArray();
    line.reset();
    int n = bytes.length;
    if (n > 0 && bytes[n - 1] == '\r') {
      n--;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static String decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
