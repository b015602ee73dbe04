package dev.sentinel.plugins.pcap;

import org.pcap4j.core.PcapNativeException;

/**
 * The one-line messages a capture fails with, each naming the fix. They are documented in
 * docs/operations.md; tests assert them word for word.
 */
final class PcapErrors {
  static final String NO_LIBPCAP = "pcap: libpcap is not installed — apt install libpcap0.8";

  // libpcap's pcap_activate() results (pcap/pcap.h)
  private static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
  private static final int PCAP_ERROR_PERM_DENIED = -8;
  private static final int PCAP_ERROR_IFACE_NOT_UP = -9;
  private static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;

  private PcapErrors() {}

  static String notPermitted(String iface) {
    return "pcap: cannot capture on "
        + iface
        + ": Operation not permitted — run Sentinel as root or with"
        + " CAP_NET_RAW (systemd: AmbientCapabilities=CAP_NET_RAW, see docs/operations.md)";
  }

  static String noSuchInterface(String iface) {
    return "pcap: cannot capture on "
        + iface
        + ": no such interface — list them with: ip -br link"
        + " (or capture on any)";
  }

  static String down(String iface) {
    return "pcap: cannot capture on "
        + iface
        + ": the interface is down — bring it up: ip link set "
        + iface
        + " up";
  }

  /** Why opening a capture on {@code iface} failed. */
  static String open(String iface, PcapNativeException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int rc = e.getReturnCode() == null ? 0 : e.getReturnCode();
    if (rc == PCAP_ERROR_PERM_DENIED
        || rc == PCAP_ERROR_PROMISC_PERM_DENIED
        || message.contains("Operation not permitted")) {
      return notPermitted(iface);
    }
    if (rc == PCAP_ERROR_NO_SUCH_DEVICE || message.contains("No such device")) {
      return noSuchInterface(iface);
    }
    if (rc == PCAP_ERROR_IFACE_NOT_UP) {
      return down(iface);
    }
    return "pcap: cannot capture on " + iface + ": " + message;
  }

  /** A filter that compiled at load but not for the interface's link type (e.g. ether on tun). */
  static String filter(String iface, String filter, Exception e) {
    return "pcap: bpf_filter \""
        + filter
        + "\" does not compile for "
        + iface
        + ": "
        + filterText(e);
  }

  /** libpcap's words for a bad filter, without pcap4j's prefix. */
  static String filterText(Exception e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.replaceFirst("^Error occurred in pcap_compile: ", "");
  }

  /** A capture that ended on its own (the interface went away). */
  static String stopped(String iface, Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "pcap: capture on " + iface + " stopped: " + m.replaceFirst("^Error occurred: ", "");
  }

  /**
   * pcap4j could not be used: libpcap missing (JNA cannot load it: UnsatisfiedLinkError first, then
   * NoClassDefFoundError "Could not initialize class …" on every later try), or pcap4j itself
   * missing from the class path (a broken installation).
   */
  static String linkage(LinkageError e) {
    String m = String.valueOf(e.getMessage());
    if (e instanceof UnsatisfiedLinkError
        || e instanceof ExceptionInInitializerError
        || m.startsWith("Could not initialize class")) {
      return NO_LIBPCAP;
    }
    return "pcap: cannot load pcap4j ("
        + e
        + ") — the installation is incomplete: rebuild or reinstall Sentinel";
  }
}
