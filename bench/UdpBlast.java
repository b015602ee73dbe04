import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * UDP generator for bench/pcap-throughput: THREADS threads send PAYLOAD-byte datagrams to
 * 127.0.0.1:PORT as fast as they can for SECONDS, into a sink socket bound here and never read
 * (the kernel drops what overflows it; no ICMP errors come back). Prints the packets sent in each
 * second, then the total. Loopback only. Run as a source file: java UdpBlast.java PORT THREADS SECONDS PAYLOAD
 */
public class UdpBlast {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    int payload = Integer.parseInt(args[3]);
    InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
    DatagramChannel sink = DatagramChannel.open().setOption(StandardSocketOptions.SO_RCVBUF, 65536).bind(target);
    LongAdder sent = new LongAdder();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    Thread[] senders = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      senders[t] = new Thread(() -> {
        try (DatagramChannel ch = DatagramChannel.open()) {
          ch.connect(target);
          ByteBuffer buf = ByteBuffer.allocateDirect(payload);
          while (System.nanoTime() < end) {
            for (int i = 0; i < 256; i++) {
              buf.clear();
              ch.write(buf);
            }
            sent.add(256);
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      senders[t].start();
    }
    long last = 0;
    for (int s = 1; s <= seconds; s++) {
      Thread.sleep(1000);
      long now = sent.sum();
      System.out.println("second " + s + " sent " + (now - last));
      last = now;
    }
    for (Thread t : senders) {
      t.join();
    }
    System.out.printf("total %d packets in %.3f s%n", sent.sum(), (System.nanoTime() - start) / 1e9);
    sink.close();
  }
}
