package dev.sentinel.plugins.pcap;

import dev.sentinel.plugins.net.Addresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Bytes per remote address in one interval, in fixed arrays (open addressing), so that counting
 * allocates nothing and memory never grows: at most {@link #MAX_TRACKED} distinct addresses are
 * tracked per interval; bytes of further addresses (a scan, a flood of spoofed sources) go to
 * {@code other}. IPv4 addresses are kept in their IPv4-mapped IPv6 form. Not thread-safe: {@link
 * Talkers} hands tables between the capture thread and the runs.
 */
final class TalkerTable {
  static final int MAX_TRACKED = 4096;
  static final String OTHER = "other";
  private static final int SLOTS = 8192; // a power of two, twice MAX_TRACKED: short probe runs
  private static final long V4_MAPPED = 0xffff00000000L;

  /** One remote address's bytes in an interval: received from it and sent to it. */
  record Talker(String remote, long inBytes, long outBytes) {
    long bytes() {
      return inBytes + outBytes;
    }
  }

  private final long[] high = new long[SLOTS];
  private final long[] low = new long[SLOTS];
  private final long[] in = new long[SLOTS];
  private final long[] out = new long[SLOTS];
  private final boolean[] used = new boolean[SLOTS];
  private int size;
  private long otherIn;
  private long otherOut;

  /** Adds the bytes of a frame to or from the remote address at {@code off} in {@code f}. */
  void add(byte[] f, int family, int off, boolean inbound, long bytes) {
    if (family == 4) {
      add(0, V4_MAPPED | (FrameParser.i32(f, off) & 0xffffffffL), inbound, bytes);
    } else {
      add(FrameParser.i64(f, off), FrameParser.i64(f, off + 8), inbound, bytes);
    }
  }

  void add(long h, long l, boolean inbound, long bytes) {
    int i = slot(h, l);
    while (used[i]) {
      if (high[i] == h && low[i] == l) {
        count(i, inbound, bytes);
        return;
      }
      i = (i + 1) & (SLOTS - 1);
    }
    if (size >= MAX_TRACKED) {
      if (inbound) {
        otherIn += bytes;
      } else {
        otherOut += bytes;
      }
      return;
    }
    used[i] = true;
    high[i] = h;
    low[i] = l;
    in[i] = 0;
    out[i] = 0;
    size++;
    count(i, inbound, bytes);
  }

  private void count(int i, boolean inbound, long bytes) {
    if (inbound) {
      in[i] += bytes;
    } else {
      out[i] += bytes;
    }
  }

  private static int slot(long h, long l) {
    long x = h * 0x9E3779B97F4A7C15L ^ l;
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return (int) x & (SLOTS - 1);
  }

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(used, false);
    size = 0;
    otherIn = 0;
    otherOut = 0;
  }

  /**
   * The {@code n} addresses with the most bytes (in + out; ties by address text), largest first,
   * then {@code other} with the bytes of every other address, including those not tracked.
   */
  List<Talker> top(int n) {
    int[] slots = IntStream.range(0, SLOTS).filter(i -> used[i]).toArray();
    List<Talker> all = new ArrayList<>(slots.length);
    for (int i : slots) {
      all.add(new Talker(text(high[i], low[i]), in[i], out[i]));
    }
    all.sort(Comparator.comparingLong(Talker::bytes).reversed().thenComparing(Talker::remote));
    List<Talker> top = new ArrayList<>(all.subList(0, Math.min(n, all.size())));
    long restIn = otherIn;
    long restOut = otherOut;
    for (Talker t : all.subList(top.size(), all.size())) {
      restIn += t.inBytes();
      restOut += t.outBytes();
    }
    top.add(new Talker(OTHER, restIn, restOut));
    return top;
  }

  /** RFC 5952 text; an IPv4-mapped address as plain dotted IPv4. */
  static String text(long h, long l) {
    if (h == 0 && (l >>> 32) == 0xffff) {
      return Addresses.format(
          new byte[] {(byte) (l >>> 24), (byte) (l >>> 16), (byte) (l >>> 8), (byte) l});
    }
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (h >>> (56 - 8 * i));
      b[8 + i] = (byte) (l >>> (56 - 8 * i));
    }
    return Addresses.format(b);
  }
}
