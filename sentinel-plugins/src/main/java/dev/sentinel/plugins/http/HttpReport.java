package dev.sentinel.plugins.http;

import dev.sentinel.core.plugin.ProbeContext;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Human-readable progress for {@code sentinel trigger http URL} (the daemon discards it): the
 * request and its outcome, each redirect, a phase table, the TLS summary and, on failure, why.
 */
final class HttpReport {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private final ProbeContext.Listener out;

  HttpReport(ProbeContext.Listener out, Clock clock) {
    this.out = out;
  }

  /** Milliseconds with two decimals. */
  static String ms(double ms) {
    return String.format(Locale.ROOT, "%.2f", ms);
  }

  void result(List<Hop> hops, double[] phases, double totalMs, HttpTls tls, long nowMs) {
    Hop first = hops.get(0);
    Hop last = hops.get(hops.size() - 1);
    StringBuilder head =
        new StringBuilder(first.method).append(' ').append(first.url).append(" → ");
    if (last.status < 0) {
      head.append("no response");
    } else {
      head.append(last.status);
      if (last.message != null && !last.message.isBlank()) {
        head.append(' ').append(last.message);
      }
      if (last.bytes >= 0) {
        head.append(", ").append(last.bytes).append(last.bytes == 1 ? " byte" : " bytes");
        if (last.truncated) {
          head.append(" (stopped at body_size_limit)");
        }
      }
    }
    out.line(head.toString());
    for (int i = 0; i + 1 < hops.size(); i++) {
      Hop h = hops.get(i);
      out.line("  redirect " + (i + 1) + ": " + h.status + " → " + hops.get(i + 1).url);
    }
    for (int i = 0; i < phases.length; i++) {
      out.line(String.format(Locale.ROOT, "  %-11s%9s ms", PhaseTimer.PHASES[i], ms(phases[i])));
    }
    out.line(String.format(Locale.ROOT, "  %-11s%9s ms", "total", ms(totalMs)));
    if (tls.seen()) {
      out.line(tls(tls, nowMs));
    }
  }

  /** The version, the leaf's name and expiry and, when another expires first, that one's. */
  private static String tls(HttpTls tls, long nowMs) {
    StringBuilder line =
        new StringBuilder(tls.version() == null ? "TLS handshake failed" : tls.version());
    if (!tls.chain().isEmpty()) {
      X509Certificate leaf = tls.chain().get(0);
      line.append(", certificate ").append(commonName(leaf));
      line.append(", ").append(expiry(leaf.getNotAfter().getTime(), nowMs));
      X509Certificate earliest = tls.earliest();
      if (earliest != leaf) {
        line.append("; earliest in the chain: ")
            .append(commonName(earliest))
            .append(", ")
            .append(expiry(earliest.getNotAfter().getTime(), nowMs));
      }
    }
    return line.toString();
  }

  void failed(String reason, String why) {
    out.failure("FAILED (" + reason + "): " + why);
  }

  static String expiry(long notAfterMs, long nowMs) {
    String day = DAY.format(Instant.ofEpochMilli(notAfterMs));
    long days = Math.floorDiv(notAfterMs - nowMs, 86_400_000L);
    if (notAfterMs < nowMs) {
      long ago = Math.floorDiv(nowMs - notAfterMs, 86_400_000L);
      return "expired " + day + " (" + ago + (ago == 1 ? " day" : " days") + " ago)";
    }
    return "expires " + day + " (" + days + (days == 1 ? " day" : " days") + ")";
  }

  static String commonName(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName();
    try {
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return "CN=" + rdn.getValue();
        }
      }
    } catch (InvalidNameException e) {
      // fall through
    }
    return dn.isEmpty() ? "(no subject)" : dn;
  }
}
