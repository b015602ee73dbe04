package dev.sentinel.plugins.http;

import dev.sentinel.plugins.net.IpFamily;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;

/**
 * {@code ip_family}: orders the resolved addresses (preferred family first, for OkHttp's fallback
 * to the next route) or keeps only one family. A name without a fitting address is a DNS failure.
 */
final class FamilyDns implements Dns {
  /** Name resolution, replaceable in tests so they never query DNS. */
  interface Resolver {
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final IpFamily family;
  private final Resolver resolver;

  FamilyDns(IpFamily family, Resolver resolver) {
    this.family = family;
    this.resolver = resolver;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    InetAddress[] all;
    try {
      all = resolver.resolve(hostname);
    } catch (UnknownHostException e) {
      throw e;
    } catch (RuntimeException e) {
      throw (UnknownHostException)
          new UnknownHostException("cannot resolve " + hostname).initCause(e);
    }
    return order(hostname, all, family);
  }

  static List<InetAddress> order(String hostname, InetAddress[] all, IpFamily family)
      throws UnknownHostException {
    List<InetAddress> preferred = new ArrayList<>();
    List<InetAddress> other = new ArrayList<>();
    for (InetAddress a : all) {
      ((a instanceof Inet6Address) == family.v6() ? preferred : other).add(a);
    }
    if (!family.strict()) {
      preferred.addAll(other);
    }
    if (preferred.isEmpty()) {
      throw new UnknownHostException(family.noAddress(hostname));
    }
    return preferred;
  }
}
