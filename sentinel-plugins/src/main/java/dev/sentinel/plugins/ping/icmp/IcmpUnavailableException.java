package dev.sentinel.plugins.ping.icmp;

/**
 * A kind of ICMP socket cannot be used in this process, with a one-line reason that names the
 * errno, e.g. {@code ICMP datagram sockets are not allowed for group 0 (net.ipv4.ping_group_range =
 * 1 0): EACCES}.
 */
public final class IcmpUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int errno;

  public IcmpUnavailableException(String reason, int errno) {
    super(reason);
    this.errno = errno;
  }

  /** The errno of the failed call, or 0. */
  public int errno() {
    return errno;
  }
}
