package dev.sentinel.plugins.pcap;

import dev.sentinel.core.plugin.ProbeStartException;
import java.util.concurrent.TimeUnit;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live capture: a pcap4j handle on the interface, with the filter set, and a daemon thread in
 * {@code pcap_loop} feeding every frame's raw bytes to a {@link TrafficCounter}. {@link #close()}
 * breaks the loop, waits for the thread and closes the handle. The only class (with {@link
 * PcapErrors} and {@link FilterCheck}) that touches pcap4j.
 */
final class Capture {
  private static final Logger logger = LoggerFactory.getLogger(Capture.class);

  /** How long libpcap may hold frames before handing them over (TPACKET_V3 block timeout). */
  static final int READ_TIMEOUT_MS = 50;

  private static final long STOP_WAIT_MS = 2_000;

  private final String iface;
  private final PcapHandle handle;
  private final TrafficCounter counter;
  private final Thread thread;
  private final long openedNanos = System.nanoTime();
  private volatile String failure;
  private Counts closed; // guarded by this
  private long closedNanos; // guarded by this

  private Capture(String iface, PcapHandle handle, TrafficCounter counter) {
    this.iface = iface;
    this.handle = handle;
    this.counter = counter;
    RawPacketListener listener =
        frame -> {
          int wireLength = handle.getOriginalLength();
          try {
            counter.count(frame, wireLength);
          } catch (RuntimeException e) { // pcap4j would log every one at ERROR: count it instead
            counter.countUnparsed(wireLength);
          }
        };
    this.thread = new Thread(() -> loop(listener), "pcap-" + iface);
    thread.setDaemon(true);
  }

  /** Opens a capture as {@code options} say and starts counting; the message names the fix. */
  static Capture open(PcapOptions options, OwnAddresses own) throws ProbeStartException {
    String iface = options.interfaceName();
    PcapHandle handle;
    try {
      handle =
          new PcapHandle.Builder(iface)
              .snaplen(options.snaplen())
              .promiscuousMode(
                  options.promiscuous()
                      ? PromiscuousMode.PROMISCUOUS
                      : PromiscuousMode.NONPROMISCUOUS)
              .timeoutMillis(READ_TIMEOUT_MS)
              .bufferSize(options.bufferSize())
              .build();
    } catch (PcapNativeException e) {
      throw new ProbeStartException(PcapErrors.open(iface, e));
    } catch (LinkageError e) {
      throw new ProbeStartException(PcapErrors.linkage(e));
    }
    int linkType;
    try {
      if (!options.bpfFilter().isBlank()) {
        handle.setFilter(options.bpfFilter(), BpfCompileMode.OPTIMIZE);
      }
      linkType = handle.getDlt().value();
    } catch (PcapNativeException | NotOpenException e) {
      handle.close();
      throw new ProbeStartException(PcapErrors.filter(iface, options.bpfFilter(), e));
    }
    Talkers talkers = options.topTalkers() > 0 ? new Talkers() : null;
    Capture capture = new Capture(iface, handle, new TrafficCounter(linkType, own, talkers));
    capture.thread.start();
    return capture;
  }

  private void loop(RawPacketListener listener) {
    try {
      handle.loop(-1, listener);
    } catch (InterruptedException e) {
      // breakLoop(): close() stopped it
    } catch (PcapNativeException | NotOpenException | RuntimeException e) {
      failure = PcapErrors.stopped(iface, e);
      logger
          .atWarn()
          .setMessage("Capture stopped")
          .addKeyValue("interface", iface)
          .addKeyValue("error", failure)
          .log();
    }
  }

  TrafficCounter counter() {
    return counter;
  }

  long openedNanos() {
    return openedNanos;
  }

  /** How long it captured: from opening to {@link #close()} (or until now while open). */
  synchronized double seconds() {
    return ((closed != null ? closedNanos : System.nanoTime()) - openedNanos) / 1e9;
  }

  /**
   * Why the capture ended by itself (e.g. the interface went away), or {@code null} while it runs.
   */
  String failure() {
    return failure;
  }

  /** What was counted so far, with the kernel's drop counts now. */
  Counts counts() {
    long[] drops = drops();
    return counter.counts(drops[0], drops[1]);
  }

  private long[] drops() {
    try {
      PcapStat s = handle.getStats();
      return new long[] {s.getNumPacketsDropped(), s.getNumPacketsDroppedByIf()};
    } catch (PcapNativeException | NotOpenException e) {
      return new long[] {0, 0};
    }
  }

  /**
   * Stops capturing and returns everything counted, with the final drop counts; later calls return
   * the same. Ignores interrupts while it waits for the capture thread (and restores them).
   */
  synchronized Counts close() {
    if (closed != null) {
      return closed;
    }
    closedNanos = System.nanoTime();
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      // already closed
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
    while (thread.isAlive() && System.nanoTime() < deadline) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    closed = counts();
    if (thread.isAlive()) { // closing under a running pcap_loop would block on pcap4j's lock
      logger
          .atWarn()
          .setMessage("Capture thread did not stop; its handle is left open")
          .addKeyValue("interface", iface)
          .log();
    } else {
      handle.close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return closed;
  }
}
