package dev.sentinel.plugins.ping.icmp;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls the engine needs, bound with JNA direct mapping ({@link Native#register}),
 * which is several times faster than interface mapping. {@code size_t}/{@code ssize_t} are {@code
 * long} (LP64 Linux only), {@code socklen_t} is {@code int}. Errors: the call returns -1 and {@link
 * Native#getLastError()} holds errno (JNA preserves it per thread after every call).
 */
final class LibC {
  static {
    // glibc's soname first: the plain name "c" can hit the libc.so linker script, after which JNA
    // forks "ldconfig -p" to search (~50 ms of every start). Other C libraries (musl) by name.
    try {
      Native.register(LibC.class, "libc.so.6");
    } catch (UnsatisfiedLinkError e) {
      Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }
  }

  private LibC() {}

  // Constants of Linux (x86_64 and aarch64 agree on all of these).
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int IPPROTO_IP = 0;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_IPV6 = 41;
  static final int IPPROTO_ICMPV6 = 58;
  static final int SOL_SOCKET = 1;
  static final int SOL_RAW = 255;
  static final int SO_RCVBUF = 8;
  static final int SO_RCVTIMEO = 20;
  static final int SO_RCVBUFFORCE = 33;
  static final int SO_TIMESTAMPNS = 35; // == SCM_TIMESTAMPNS (the "old", 64-bit time_t layout)
  static final int IP_TOS = 1;
  static final int IP_TTL = 2;
  static final int IP_PKTINFO = 8;
  static final int IP_RECVTTL = 12;
  static final int ICMP_FILTER = 1;
  static final int ICMP6_FILTER = 1;
  static final int IPV6_PKTINFO = 50;
  static final int IPV6_RECVHOPLIMIT = 51;
  static final int IPV6_HOPLIMIT = 52;
  static final int IPV6_TCLASS = 67;
  static final int SHUT_RDWR = 2;
  static final int MSG_DONTWAIT = 0x40;
  static final int MSG_WAITFORONE = 0x10000;
  static final int CLOCK_REALTIME = 0;
  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int CLONE_NEWNET = 0x40000000;

  // struct msghdr (56 bytes on LP64)
  static final int MSG_NAME = 0;
  static final int MSG_NAMELEN = 8;
  static final int MSG_IOV = 16;
  static final int MSG_IOVLEN = 24;
  static final int MSG_CONTROL = 32;
  static final int MSG_CONTROLLEN = 40;
  static final int MSG_FLAGS = 48;
  static final int MSGHDR_SIZE = 56;
  static final int IOVEC_SIZE = 16;
  static final int CMSG_HDR = 16; // cmsg_len (size_t), cmsg_level, cmsg_type

  static int cmsgAlign(long len) {
    return (int) ((len + 7) & ~7L);
  }

  static native int socket(int domain, int type, int protocol);

  static native int setsockopt(int fd, int level, int name, Pointer value, int len);

  static native int getsockopt(int fd, int level, int name, Pointer value, Pointer len);

  static native int bind(int fd, Pointer addr, int len);

  static native int getsockname(int fd, Pointer addr, Pointer len);

  static native long sendmsg(int fd, Pointer msg, int flags);

  static native long recvmsg(int fd, Pointer msg, int flags);

  static native int recvmmsg(int fd, Pointer msgvec, int vlen, int flags, Pointer timeout);

  static native int shutdown(int fd, int how);

  static native int close(int fd);

  static native int clock_gettime(int clock, Pointer ts);

  static native int getegid();

  static native String strerror(int errnum);

  static native int open(String path, int flags);

  static native int setns(int fd, int nstype);
}
