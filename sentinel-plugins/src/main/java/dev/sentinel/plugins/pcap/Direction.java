package dev.sentinel.plugins.pcap;

import java.util.Locale;

/**
 * Which way a frame went, judged by the interface's own addresses (see {@link OwnAddresses}), as
 * the {@code direction} label says it.
 */
enum Direction {
  /** To one of our addresses (or a broadcast or multicast group) from elsewhere. */
  IN,
  /** From one of our addresses to elsewhere. */
  OUT,
  /** From one of our addresses to another (everything on {@code lo}). */
  LOCAL,
  /** Neither side ours: bridged, forwarded or promiscuously seen traffic. */
  TRANSIT;

  static final int COUNT = values().length;

  private final String label = name().toLowerCase(Locale.ROOT);

  String label() {
    return label;
  }

  /**
   * @param toGroup the destination is a broadcast or multicast address: received from elsewhere,
   *     that is in; sent by us, out
   */
  static Direction of(boolean fromOwn, boolean toOwn, boolean toGroup) {
    if (fromOwn) {
      return toOwn ? LOCAL : OUT;
    }
    return toOwn || toGroup ? IN : TRANSIT;
  }
}
