package dev.sentinel.plugins.ping.icmp;

/**
 * What a reply is matched on: the peer address (IPv4 in {@code lo}; IPv6 as two halves) and the
 * 16-bit ICMP sequence number. The identifier is per socket, so it is not part of the key.
 */
final class Key {
  final long hi;
  final long lo;
  final int seq;

  Key(long hi, long lo, int seq) {
    this.hi = hi;
    this.lo = lo;
    this.seq = seq;
  }

  static long half(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  static long v4(byte[] b, int off) {
    return ((b[off] & 0xffL) << 24)
        | ((b[off + 1] & 0xffL) << 16)
        | ((b[off + 2] & 0xffL) << 8)
        | (b[off + 3] & 0xffL);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && k.hi == hi && k.lo == lo && k.seq == seq;
  }

  @Override
  public int hashCode() {
    long h = hi * 31 + lo;
    h = h * 31 + seq;
    return (int) (h ^ (h >>> 32));
  }
}
