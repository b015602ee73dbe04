package dev.sentinel.plugins.pcap;

import java.util.Arrays;

/**
 * Packets and bytes per protocol × direction, and the capture's kernel and interface drops: of one
 * capture, of one interval, or of everything a task has captured. Immutable.
 */
final class Counts {
  static final int CELLS = Protocol.COUNT * Direction.COUNT;
  static final Counts ZERO = new Counts(new long[CELLS], new long[CELLS], 0, 0);

  private final long[] packets;
  private final long[] bytes;
  private final long kernelDropped;
  private final long interfaceDropped;

  Counts(long[] packets, long[] bytes, long kernelDropped, long interfaceDropped) {
    if (packets.length != CELLS || bytes.length != CELLS) {
      throw new IllegalArgumentException("need " + CELLS + " cells");
    }
    this.packets = packets.clone();
    this.bytes = bytes.clone();
    this.kernelDropped = kernelDropped;
    this.interfaceDropped = interfaceDropped;
  }

  static int cell(Protocol p, Direction d) {
    return p.ordinal() * Direction.COUNT + d.ordinal();
  }

  long packets(Protocol p, Direction d) {
    return packets[cell(p, d)];
  }

  long bytes(Protocol p, Direction d) {
    return bytes[cell(p, d)];
  }

  /** Every packet delivered to Sentinel (after the filter). */
  long captured() {
    return Arrays.stream(packets).sum();
  }

  long capturedBytes() {
    return Arrays.stream(bytes).sum();
  }

  /** Packets the kernel could not queue for the capture (libpcap's ps_drop). */
  long kernelDropped() {
    return kernelDropped;
  }

  /** Packets the interface or its driver dropped (libpcap's ps_ifdrop). */
  long interfaceDropped() {
    return interfaceDropped;
  }

  Counts plus(Counts o) {
    return combine(o, 1);
  }

  Counts minus(Counts o) {
    return combine(o, -1);
  }

  private Counts combine(Counts o, int sign) {
    long[] p = new long[CELLS];
    long[] b = new long[CELLS];
    for (int i = 0; i < CELLS; i++) {
      p[i] = packets[i] + sign * o.packets[i];
      b[i] = bytes[i] + sign * o.bytes[i];
    }
    return new Counts(
        p, b, kernelDropped + sign * o.kernelDropped, interfaceDropped + sign * o.interfaceDropped);
  }
}
