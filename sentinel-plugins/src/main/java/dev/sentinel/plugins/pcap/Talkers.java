package dev.sentinel.plugins.pcap;

/**
 * Two {@link TalkerTable}s: the capture thread fills one while a run reads the other. Each run
 * swaps them under the lock, so a run never reads a table the capture thread is writing.
 */
final class Talkers {
  private TalkerTable filling = new TalkerTable();
  private TalkerTable spare = new TalkerTable();

  synchronized void add(byte[] f, int family, int off, boolean inbound, long bytes) {
    filling.add(f, family, off, inbound, bytes);
  }

  /**
   * The table filled since the previous call. It stays valid until the next call, which empties it
   * for reuse: runs call this one at a time.
   */
  synchronized TalkerTable take() {
    TalkerTable full = filling;
    spare.clear();
    filling = spare;
    spare = full;
    return full;
  }
}
