package dev.sentinel.plugins.ping.icmp;

import java.util.Map;

/** errno names and texts for messages such as {@code Network is unreachable (ENETUNREACH)}. */
final class Errno {
  static final int EPERM = 1;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EINVAL = 22;
  static final int EPROTONOSUPPORT = 93;
  static final int EAFNOSUPPORT = 97;
  static final int EADDRINUSE = 98;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "EPERM"),
          Map.entry(4, "EINTR"),
          Map.entry(9, "EBADF"),
          Map.entry(11, "EAGAIN"),
          Map.entry(12, "ENOMEM"),
          Map.entry(13, "EACCES"),
          Map.entry(19, "ENODEV"),
          Map.entry(22, "EINVAL"),
          Map.entry(24, "EMFILE"),
          Map.entry(90, "EMSGSIZE"),
          Map.entry(93, "EPROTONOSUPPORT"),
          Map.entry(97, "EAFNOSUPPORT"),
          Map.entry(98, "EADDRINUSE"),
          Map.entry(99, "EADDRNOTAVAIL"),
          Map.entry(100, "ENETDOWN"),
          Map.entry(101, "ENETUNREACH"),
          Map.entry(105, "ENOBUFS"),
          Map.entry(113, "EHOSTUNREACH"));

  private Errno() {}

  static String name(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }

  /** {@code Network is unreachable (ENETUNREACH)}. */
  static String describe(int errno) {
    String text;
    try {
      text = LibC.strerror(errno);
    } catch (RuntimeException | LinkageError e) {
      text = null;
    }
    return (text == null || text.isEmpty() ? "error" : text) + " (" + name(errno) + ")";
  }
}
