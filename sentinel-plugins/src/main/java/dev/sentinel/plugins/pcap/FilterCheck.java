package dev.sentinel.plugins.pcap;

import java.util.Optional;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * Compiles a capture filter at config load with libpcap on a dead handle (no capture, no
 * privilege), so that a typo is a config error with file and line. The link type is assumed to be
 * Ethernet (Linux cooked for {@code any}); a filter valid only there (e.g. {@code ether host} on a
 * tun device) fails when the capture opens instead. A host name in the filter is resolved here, as
 * libpcap does when compiling.
 */
final class FilterCheck {
  private FilterCheck() {}

  /**
   * What libpcap says is wrong with {@code filter}; empty when it compiles or libpcap is missing.
   */
  static Optional<String> problem(String filter, int snaplen, boolean cooked) {
    try {
      PcapHandle dead =
          Pcaps.openDead(cooked ? DataLinkType.LINUX_SLL : DataLinkType.EN10MB, snaplen);
      try {
        dead.compileFilter(filter, BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN).free();
        return Optional.empty();
      } catch (PcapNativeException e) {
        return Optional.of(PcapErrors.filterText(e));
      } finally {
        dead.close();
      }
    } catch (PcapNativeException | NotOpenException | LinkageError e) {
      return Optional.empty(); // without libpcap nothing can be checked; start-up names the fix
    }
  }
}
