package dev.sentinel.plugins.tcp;

import dev.sentinel.core.options.Durations;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.plugins.net.Hosts;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/** The progress lines of one run, for {@code sentinel trigger} (the daemon ignores them). */
final class TcpReport {
  static final int MAX_SHOWN = 120;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final ProbeContext.Listener out;

  TcpReport(ProbeContext.Listener out) {
    this.out = out;
  }

  void connected(String endpoint, String host, InetAddress address, double ms) {
    String name =
        host.equals(address.getHostAddress()) || Hosts.isLiteral(host) ? "" : " (" + host + ")";
    out.line("Connected to " + endpoint + name + " in " + ms(ms) + " ms");
  }

  void handshake(String protocol, double ms, X509Certificate leaf, Instant now) {
    StringBuilder sb =
        new StringBuilder(protocol.replace("TLSv", "TLS "))
            .append(" handshake ")
            .append(ms(ms))
            .append(" ms");
    if (leaf != null) {
      Instant notAfter = leaf.getNotAfter().toInstant();
      long days = ChronoUnit.DAYS.between(now, notAfter);
      sb.append(", certificate ")
          .append(subject(leaf))
          .append(" expires ")
          .append(WHEN.format(notAfter))
          .append(
              notAfter.isBefore(now)
                  ? " (expired)"
                  : " (" + days + (days == 1 ? " day)" : " days)"));
    }
    out.line(sb.toString());
  }

  void sent(String text) {
    out.line("> " + clip(text));
  }

  void sendFailed(String text) {
    out.line("> " + clip(text) + " (not sent)");
  }

  void matched(String pattern, String line, int skipped) {
    out.line(
        "< matched "
            + pattern
            + ": \""
            + clip(line)
            + "\""
            + (skipped == 0
                ? ""
                : " (after " + skipped + (skipped == 1 ? " other line)" : " other lines)")));
  }

  void expectFailed(String pattern, String last) {
    out.line("< expected " + pattern + ", got \"" + clip(last) + "\"");
  }

  void expectClosed(String pattern) {
    out.line("< expected " + pattern + ", connection closed");
  }

  void expectTimedOut(String pattern, Duration timeout) {
    out.line("< expected " + pattern + ", nothing received within " + Durations.format(timeout));
  }

  void result(boolean success, String reason, String error, double totalMs) {
    if (success) {
      out.line("Success in " + ms(totalMs) + " ms");
    } else {
      out.failure("Failure (" + reason + ") after " + ms(totalMs) + " ms: " + error);
    }
  }

  /** CN=… of the subject, or the whole subject when it has no CN. */
  static String subject(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    for (String part : dn.split("(?<!\\\\),")) {
      if (part.startsWith("CN=")) {
        return part;
      }
    }
    return dn.isEmpty() ? "(no subject)" : dn;
  }

  /** 0.21, 3.2, 12.3, 1234: about three significant digits. */
  static String ms(double ms) {
    if (ms < 1) {
      return String.format(Locale.ROOT, "%.2f", ms);
    }
    if (ms < 100) {
      return String.format(Locale.ROOT, "%.1f", ms);
    }
    return String.format(Locale.ROOT, "%.0f", ms);
  }

  /**
   * {@code text} on one line: control characters escaped ({@code \r\n}), long text cut with "…".
   */
  static String clip(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
      if (sb.length() >= MAX_SHOWN) {
        return sb.append('…').toString();
      }
    }
    return sb.toString();
  }
}
