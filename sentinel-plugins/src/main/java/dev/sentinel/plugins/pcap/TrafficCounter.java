package dev.sentinel.plugins.pcap;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The capture thread's hot path: parses each frame by offset, decides its direction and adds it to
 * the packet and byte counters of its protocol × direction (and, with top talkers, to its remote
 * address). Only the capture thread writes the counters (plain read, release write: no lock, no
 * allocation); runs read them with acquire reads at any time.
 */
final class TrafficCounter {
  private final FrameParser parser;
  private final AtomicLongArray packets = new AtomicLongArray(Counts.CELLS);
  private final AtomicLongArray bytes = new AtomicLongArray(Counts.CELLS);
  private final Talkers talkers;
  private volatile OwnAddresses own;

  /**
   * @param talkers where remote addresses are counted, or {@code null} for no top talkers
   */
  TrafficCounter(int linkType, OwnAddresses own, Talkers talkers) {
    this.parser = new FrameParser(linkType);
    this.own = own;
    this.talkers = talkers;
  }

  /**
   * Counts one frame: {@code frame} as captured (at most the snap length), {@code wireLength} as
   * sent.
   */
  void count(byte[] frame, int wireLength) {
    FrameParser p = parser;
    p.parse(frame);
    Direction d = own.direction(p, frame);
    add(Counts.cell(p.protocol, d), wireLength);
    if (talkers != null && p.family != 0 && (d == Direction.IN || d == Direction.OUT)) {
      boolean inbound = d == Direction.IN;
      talkers.add(frame, p.family, inbound ? p.src : p.dst, inbound, wireLength);
    }
  }

  /** Counts a frame the parser failed on (a bug, never expected) as other, transit. */
  void countUnparsed(int wireLength) {
    add(Counts.cell(Protocol.OTHER, Direction.TRANSIT), wireLength);
  }

  private void add(int cell, int wireLength) {
    packets.setRelease(cell, packets.getPlain(cell) + 1);
    bytes.setRelease(cell, bytes.getPlain(cell) + wireLength);
  }

  /** Replaces the addresses that count as ours (re-read every run). */
  void own(OwnAddresses own) {
    this.own = own;
  }

  OwnAddresses own() {
    return own;
  }

  int linkType() {
    return parser.linkType();
  }

  /** What has been counted so far, with the given drop counts. */
  Counts counts(long kernelDropped, long interfaceDropped) {
    long[] p = new long[Counts.CELLS];
    long[] b = new long[Counts.CELLS];
    for (int i = 0; i < Counts.CELLS; i++) {
      p[i] = packets.getAcquire(i);
      b[i] = bytes.getAcquire(i);
    }
    return new Counts(p, b, kernelDropped, interfaceDropped);
  }

  /** The remote addresses counted since the previous call, or {@code null} without top talkers. */
  TalkerTable takeTalkers() {
    return talkers == null ? null : talkers.take();
  }
}
