package dev.sentinel.core.config;

import java.time.Duration;

/**
 * Where samples wait for the senders: in memory ({@code size} samples) or in a disk spool under
 * {@code diskPath}, bounded by {@code maxDiskBytes} (0: no limit) and {@code maxAge} (zero: no
 * limit).
 */
public record BufferConfig(
    String type, int size, String diskPath, long maxDiskBytes, Duration maxAge) {
  public boolean disk() {
    return type.equals("disk");
  }
}
