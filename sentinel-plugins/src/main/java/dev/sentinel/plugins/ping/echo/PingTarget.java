package dev.sentinel.plugins.ping.echo;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One address to ping in a run. {@code host} is the name as configured (the {@code host} label);
 * {@code address} what it resolved to for this run; {@code deviceId} the {@code device_id} label
 * its samples carry.
 */
public record PingTarget(String host, InetAddress address, String deviceId) {
  public PingTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(deviceId, "deviceId");
  }

  public boolean ipv6() {
    return address instanceof Inet6Address;
  }
}
