package dev.sentinel.plugins.ping.icmp;

import static dev.sentinel.plugins.ping.icmp.LibC.*;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The receive side of one {@link IcmpSocket}: its thread, which takes replies with {@code recvmmsg}
 * several at a time, and its native buffers (the thread's only).
 *
 * <p>When replies come more often than one per {@link #PAUSE_NANOS}, the thread does not block for
 * each one: after a batch it waits that long and then takes everything queued in one call, so that
 * at 10,000 replies a second it wakes about 500 times instead of 10,000. This is only done while
 * the replies carry kernel receive timestamps, which give their round-trip times whatever the wait;
 * a reply waits at most about one pause longer to be matched, which the engine's grace before
 * expiry covers. Sparse replies are taken as they come.
 */
final class Receiver {
  /** Replies taken in one call. */
  static final int BATCH = 32;

  /**
   * The largest datagram (an IPv4 header may precede the ICMP bytes): the room for each reply of a
   * batch. Only the pages a reply is written to become resident: a page or two per entry.
   */
  private static final int MAX_PACKET = 65536 + 60;

  /** The longest a reply waits in the queue for the others of its batch. */
  static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  // struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; } (64 bytes on LP64)
  private static final int MMSG_LEN = MSGHDR_SIZE;
  private static final int MMSGHDR_SIZE = 64;
  private static final int NAME_SIZE = 32; // sockaddr_in6 is 28
  private static final int CONTROL_SIZE = 256;

  private final IcmpSocket socket;
  private final Thread thread;
  private final Vector batch = new Vector();
  private final byte[] data = new byte[MAX_PACKET];
  private final byte[] from;
  private final ByteBuffer control = order(new byte[CONTROL_SIZE]);
  private final ByteBuffer headers = order(new byte[BATCH * MMSGHDR_SIZE]);

  /** Calls that returned datagrams, and the datagrams they returned (only this thread writes). */
  volatile long calls;

  volatile long datagrams;

  Receiver(IcmpSocket socket, String name) {
    this.socket = socket;
    this.from = new byte[socket.v6 ? 16 : 4];
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  boolean alive() {
    return thread.isAlive();
  }

  private static ByteBuffer order(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
  }

  private void loop() {
    long lastWake = System.nanoTime() - PAUSE_NANOS;
    boolean dense = false; // replies come faster than one per pause: take them in batches
    while (!socket.closing()) {
      int got =
          recvmmsg(socket.fd, batch.headers, BATCH, dense ? MSG_DONTWAIT : MSG_WAITFORONE, null);
      long now = System.nanoTime();
      if (got <= 0) {
        if (socket.closing()) {
          break;
        }
        dense = false;
        if (got < 0) {
          int errno = Native.getLastError();
          if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
            sleep(TimeUnit.MILLISECONDS.toNanos(10)); // e.g. ENOMEM: don't spin
          }
        }
        continue;
      }
      calls++;
      datagrams += got;
      boolean timed = take(got, now);
      if (got == BATCH) {
        dense = true; // more may be queued: take them at once
      } else if (timed && (dense || now - lastWake < PAUSE_NANOS)) {
        dense = true;
        sleep(PAUSE_NANOS);
      } else {
        dense = false;
      }
      lastWake = now;
    }
  }

  /** Hands the batch's replies to the socket; whether each had a kernel receive timestamp. */
  private boolean take(int got, long nowNano) {
    Vector v = batch;
    boolean timed = true;
    v.headers.read(0, headers.array(), 0, got * MMSGHDR_SIZE);
    for (int i = 0; i < got; i++) {
      int h = i * MMSGHDR_SIZE;
      int n = headers.getInt(h + MMSG_LEN);
      int clen = (int) Math.min(headers.getLong(h + MSG_CONTROLLEN), CONTROL_SIZE);
      long real = -1;
      int ttl = -1;
      if (clen > 0) {
        v.block.read(v.control(i), control.array(), 0, clen);
      }
      for (int off = 0; off + CMSG_HDR <= clen; ) {
        long len = control.getLong(off);
        if (len < CMSG_HDR || off + len > clen) {
          break;
        }
        int level = control.getInt(off + 8);
        int type = control.getInt(off + 12);
        if (level == SOL_SOCKET && type == SO_TIMESTAMPNS && len >= CMSG_HDR + 16) {
          real = control.getLong(off + CMSG_HDR) * 1_000_000_000L + control.getLong(off + 24);
        } else if ((level == IPPROTO_IP && type == IP_TTL)
            || (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT)) {
          ttl = control.getInt(off + CMSG_HDR);
        }
        off += cmsgAlign(len);
      }
      if (real <= 0) {
        timed = false;
      }
      int len = Math.min(n, MAX_PACKET);
      v.block.read(v.buffer(i), data, 0, len);
      v.block.read(v.name(i) + (socket.v6 ? 8 : 4), from, 0, from.length);
      try {
        socket.handle(data, len, from, real, nowNano, ttl);
      } catch (RuntimeException e) {
        // a malformed packet must not stop the receiver
      }
    }
    v.reset(got);
    return timed;
  }

  private static void sleep(long nanos) {
    long until = System.nanoTime() + nanos;
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /**
   * An array of {@link #BATCH} {@code struct mmsghdr} with, per entry, a buffer for the largest
   * packet ({@link #MAX_PACKET}; only the pages a reply touches become resident), a source address
   * and control data, all in one native block. Fields, not locals: recvmmsg reaches the buffers
   * only through pointers stored in native memory, so the GC must not free them.
   */
  private static final class Vector {
    final Memory headers;
    final Memory block;
    private final int stride;

    /** The headers as set up, written back over the entries the kernel filled. */
    private final byte[] pristine;

    Vector() {
      this.stride = IOVEC_SIZE + NAME_SIZE + CONTROL_SIZE + MAX_PACKET;
      this.headers = new Memory((long) BATCH * MMSGHDR_SIZE);
      this.block = new Memory((long) BATCH * stride);
      headers.clear();
      for (int i = 0; i < BATCH; i++) {
        long h = (long) i * MMSGHDR_SIZE;
        long iov = (long) i * stride;
        block.setPointer(iov, block.share(buffer(i)));
        block.setLong(iov + 8, MAX_PACKET);
        headers.setPointer(h + MSG_NAME, block.share(name(i)));
        headers.setInt(h + MSG_NAMELEN, NAME_SIZE);
        headers.setPointer(h + MSG_IOV, block.share(iov));
        headers.setLong(h + MSG_IOVLEN, 1);
        headers.setPointer(h + MSG_CONTROL, block.share(control(i)));
        headers.setLong(h + MSG_CONTROLLEN, CONTROL_SIZE);
      }
      pristine = headers.getByteArray(0, BATCH * MMSGHDR_SIZE);
    }

    long name(int i) {
      return (long) i * stride + IOVEC_SIZE;
    }

    long control(int i) {
      return name(i) + NAME_SIZE;
    }

    long buffer(int i) {
      return control(i) + CONTROL_SIZE;
    }

    /** Restores the lengths and flags of the first {@code n} entries (the kernel wrote them). */
    void reset(int n) {
      headers.write(0, pristine, 0, n * MMSGHDR_SIZE);
    }
  }
}
