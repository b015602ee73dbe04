package dev.sentinel.plugins.pcap;

import java.util.Locale;

/** What a captured frame carried, as the {@code protocol} label says it. */
enum Protocol {
  TCP,
  UDP,
  ICMP,
  ICMP6,
  /** Not IP (ARP, LLDP, …), another IP protocol (GRE, ESP, …), or a frame cut before it showed. */
  OTHER;

  static final int COUNT = values().length;

  private final String label = name().toLowerCase(Locale.ROOT);

  String label() {
    return label;
  }
}
