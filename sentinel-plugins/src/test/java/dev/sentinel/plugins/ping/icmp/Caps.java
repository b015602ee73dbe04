package dev.sentinel.plugins.ping.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * capget/capset: capabilities are per thread, so one thread of a root test process can drop
 * CAP_NET_RAW and show what users without it see. Used by the ping and pcap tests.
 */
public final class Caps {
  static {
    Native.register(Caps.class, Platform.C_LIBRARY_NAME);
  }

  private Caps() {}

  static native int capget(Pointer header, Pointer data);

  static native int capset(Pointer header, Pointer data);

  /** Drops CAP_NET_RAW from the calling thread's effective and permitted sets, for good. */
  public static void dropNetRaw() {
    Memory header = new Memory(8);
    header.setInt(0, 0x20080522); // _LINUX_CAPABILITY_VERSION_3
    header.setInt(4, 0);
    Memory data = new Memory(24); // 2 x {effective, permitted, inheritable}
    assertThat(capget(header, data)).isZero();
    int netRaw = 1 << 13;
    data.setInt(0, data.getInt(0) & ~netRaw);
    data.setInt(4, data.getInt(4) & ~netRaw);
    assertThat(capset(header, data)).as("capset errno %d", Native.getLastError()).isZero();
  }
}
