package dev.sentinel.plugins.ping;

/**
 * Sends the echoes. The ping plugin depends only on this interface, so the way echoes are sent
 * (today: the system {@code ping} binary, see {@link ExecPingEngine}) can change without touching
 * option parsing, samples or progress output.
 */
public interface PingEngine {
  /**
   * Pings once as described by {@code request}, reporting progress to {@code listener} as it
   * happens. An unreachable or unknown host, or a missing tool, is an outcome with {@link
   * PingOutcome#error()} set or zero replies, never an exception.
   *
   * @throws InterruptedException when the calling thread is interrupted; every resource (child
   *     process, socket) has been released by the time it is thrown
   */
  PingOutcome ping(PingRequest request, ReplyListener listener) throws InterruptedException;
}
