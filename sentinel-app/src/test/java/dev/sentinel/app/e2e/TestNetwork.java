package dev.sentinel.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test hosts of our own: a network namespace behind a veth pair, on a test subnet (RFC 2544). The
 * host side takes {@code .1}; the namespace answers on {@code .2} (or stays silent: it ignores ICMP
 * echo and has no listener, so TCP to it is refused). Every other address of the subnet is dark —
 * no host answers ARP — so traffic to it goes nowhere. Nothing leaves the machine: the subnet is
 * routed to the veth only.
 */
final class TestNetwork implements AutoCloseable {
  final String subnet;
  private final String namespace;
  private final String hostSide;

  private TestNetwork(String subnet, String namespace, String hostSide) {
    this.subnet = subnet;
    this.namespace = namespace;
    this.hostSide = hostSide;
  }

  /**
   * A network on a /24 of 198.18.0.0/15 (RFC 2544, for test networks) that no interface of this
   * machine is on: the documentation subnets may be the machine's own (a CI VM's eth0 was on
   * 192.0.2.0/24), and a test host there would shadow real ones.
   */
  static TestNetwork create(boolean silent) throws Exception {
    int first = ThreadLocalRandom.current().nextInt(512);
    for (int i = 0; i < 512; i++) {
      int n = (first + i) % 512;
      String subnet = "198." + (18 + n / 256) + "." + (n % 256);
      if (output("ip", "-4", "-o", "addr", "show", "to", subnet + ".0/24").isBlank()
          && output("ip", "-4", "-o", "route", "show", "to", "match", subnet + ".1")
              .lines()
              .noneMatch(r -> r.startsWith(subnet + ".0/24"))) {
        return create(subnet, silent);
      }
    }
    throw new IllegalStateException("no free /24 in 198.18.0.0/15");
  }

  /** {@code subnet} like {@code 198.18.7}: the namespace gets {@code subnet.2}. */
  private static TestNetwork create(String subnet, boolean silent) throws Exception {
    String taken = output("ip", "-4", "-o", "addr", "show", "to", subnet + ".0/24");
    assertThat(taken)
        .as(
            "%s.0/24 is already on an interface (a test network left behind? ip netns list)",
            subnet)
        .isBlank();
    String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    String ns = "snt-" + id;
    String host = "snth" + id;
    String peer = "sntp" + id;
    run("ip", "netns", "add", ns);
    TestNetwork n = new TestNetwork(subnet, ns, host);
    try {
      run("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
      run("ip", "link", "set", peer, "netns", ns);
      run("ip", "addr", "add", subnet + ".1/24", "dev", host);
      run("ip", "link", "set", host, "up");
      n.exec("ip", "link", "set", "lo", "up");
      n.exec("ip", "addr", "add", subnet + ".2/24", "dev", peer);
      n.exec("ip", "link", "set", peer, "up");
      if (silent) {
        n.exec("sysctl", "-q", "-w", "net.ipv4.icmp_echo_ignore_all=1");
      }
    } catch (Exception | AssertionError e) {
      n.close();
      throw e;
    }
    return n;
  }

  /** The host in the namespace. */
  String host() {
    return subnet + ".2";
  }

  /** An address with no host behind it. */
  String dark() {
    return subnet + ".99";
  }

  /** The host side's address: what the namespace reaches the host at. */
  String hostAddress() {
    return subnet + ".1";
  }

  /** The host side of the veth pair: the interface the namespace's traffic crosses. */
  String hostInterface() {
    return hostSide;
  }

  /** The prefix that runs a command inside the namespace. */
  List<String> inside() {
    return List.of("ip", "netns", "exec", namespace);
  }

  void exec(String... command) throws Exception {
    List<String> cmd = new ArrayList<>(inside());
    cmd.addAll(List.of(command));
    run(cmd.toArray(String[]::new));
  }

  private static void run(String... command) throws Exception {
    output(command);
  }

  private static String output(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }

  @Override
  public void close() throws Exception {
    new ProcessBuilder("ip", "link", "del", hostSide).start().waitFor();
    run("ip", "netns", "del", namespace);
  }
}
