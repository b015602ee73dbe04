package dev.sentinel.plugins.netdev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An interface's link state from {@code /sys/class/net/<if>/}: MTU, speed, operational and
 * administrative state, carrier. A file the kernel refuses to read (speed of a virtual device,
 * carrier of a device that is down: EINVAL) gives no reading rather than a made-up value.
 */
final class LinkState {
  private static final int IFF_UP = 0x1;

  private LinkState() {}

  static List<Reading> read(Path sysClassNet, String iface) {
    Path dir = sysClassNet.resolve(iface);
    List<Reading> out = new ArrayList<>();
    Long mtu = number(dir.resolve("mtu"));
    if (mtu != null) {
      out.add(new Reading("netdev_mtu_bytes", iface, mtu, false));
    }
    Long speed = number(dir.resolve("speed")); // Mbit/s; -1 when unknown
    if (speed != null && speed >= 0) {
      out.add(new Reading("netdev_speed_bytes", iface, speed * 125_000, false));
    }
    String operstate = text(dir.resolve("operstate"));
    if (operstate != null) {
      out.add(new Reading("netdev_up", iface, operstate.equals("up") ? 1 : 0, false));
    }
    String flags = text(dir.resolve("flags"));
    if (flags != null && flags.startsWith("0x")) {
      try {
        out.add(
            new Reading(
                "netdev_admin_up",
                iface,
                (Long.parseLong(flags.substring(2), 16) & IFF_UP) != 0 ? 1 : 0,
                false));
      } catch (NumberFormatException e) {
        // not a flags word: no reading
      }
    }
    Long carrier = number(dir.resolve("carrier"));
    if (carrier != null) {
      out.add(new Reading("netdev_carrier", iface, carrier == 0 ? 0 : 1, false));
    }
    Long changes = number(dir.resolve("carrier_changes"));
    if (changes != null) {
      out.add(new Reading("netdev_carrier_changes_total", iface, changes, true));
    }
    return out;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Long number(Path file) {
    String t = text(file);
    if (t == null) {
      return null;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
