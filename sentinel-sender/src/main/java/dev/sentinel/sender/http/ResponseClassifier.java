package dev.sentinel.sender.http;

import dev.sentinel.core.client.Redact;
import dev.sentinel.core.destination.SendResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The one place where an HTTP outcome becomes a {@link SendResult}: 2xx delivered; 5xx, 429,
 * network errors and Prometheus' "receiver is off" 404 retried; any other status rejected (retrying
 * would fail the same way). A 429 or 5xx carrying {@code Retry-After} becomes {@link
 * SendResult#retryAfter}; TLS failures get a reason naming the option that fixes them. Reasons are
 * one line and never contain credentials.
 */
public final class ResponseClassifier {
  /** Longest piece of a response body quoted in a reason. */
  public static final int MAX_BODY_CHARS = 256;

  static final String RECEIVER_OFF_BODY = "remote write receiver needs to be enabled";
  static final String RECEIVER_OFF_REASON =
      "Prometheus remote write receiver is off: start Prometheus with"
          + " --web.enable-remote-write-receiver";

  private ResponseClassifier() {}

  /**
   * Classifies a response by status code; {@code body} is the start of the response body (may be
   * empty), {@code location} the Location header of a redirect (may be null).
   */
  public static SendResult classify(int code, String body, String location) {
    return classify(code, body, location, null, Clock.systemUTC());
  }

  /**
   * Like {@link #classify(int, String, String)}, with the response's {@code Retry-After} header
   * (may be null), read relative to {@code clock} when it is an HTTP-date.
   */
  public static SendResult classify(
      int code, String body, String location, String retryAfter, Clock clock) {
    String excerpt = excerpt(body);
    String withBody = excerpt.isEmpty() ? "HTTP " + code : "HTTP " + code + ": " + excerpt;
    if (code >= 200 && code < 300) {
      return SendResult.DELIVERED;
    }
    if (code == 429 || code >= 500) {
      String reason = code == 429 ? withBody + " (receiver is rate limiting)" : withBody;
      if (retryAfter == null) {
        return SendResult.retry(reason);
      }
      Duration wait = parseRetryAfter(retryAfter, clock.instant());
      return SendResult.retryAfter(
          reason + " (Retry-After: " + (wait.isZero() ? "now" : wait.toSeconds() + "s") + ")",
          wait);
    }
    if (code == 404 && body != null && body.toLowerCase(Locale.ROOT).contains(RECEIVER_OFF_BODY)) {
      // The receiver, not the batch, is wrong: keep the data (bounded by the buffer) until the
      // operator turns the flag on, instead of dropping every batch meanwhile.
      return SendResult.retry(RECEIVER_OFF_REASON);
    }
    if (code >= 300 && code < 400) {
      String to = location == null ? "" : " to " + Redact.userinfo(location);
      return SendResult.rejected(
          "HTTP "
              + code
              + " redirect"
              + to
              + " (redirects are not followed: set url to the final address)");
    }
    if (code == 401 || code == 403) {
      return SendResult.rejected(withBody + " (check username/password, bearer_token and headers)");
    }
    return SendResult.rejected(withBody);
  }

  /**
   * The wait a {@code Retry-After} value asks for (RFC 9110 §10.2.3): delta-seconds or an HTTP-date
   * (IMF-fixdate, or the obsolete RFC 850 and asctime forms recipients must accept). A date in the
   * past, a negative or unparsable value: {@link Duration#ZERO} (the loop's own backoff applies).
   * Not capped here: the sender loop bounds the wait.
   */
  public static Duration parseRetryAfter(String value, Instant now) {
    if (value == null) {
      return Duration.ZERO;
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return Duration.ZERO;
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L); // absurdly large: "very long"
      }
    }
    for (DateTimeFormatter f : HTTP_DATES) {
      try {
        Instant at = LocalDateTime.parse(v, f).toInstant(ZoneOffset.UTC);
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeException e) {
        // try the next form
      }
    }
    return Duration.ZERO;
  }

  /** IMF-fixdate, RFC 850 and asctime; all in GMT. */
  private static final List<DateTimeFormatter> HTTP_DATES =
      List.of(
          DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US),
          new DateTimeFormatterBuilder()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
              .appendPattern(" HH:mm:ss 'GMT'")
              .toFormatter(Locale.US),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));

  /** Classifies a failed call (connection refused, timeout, reset...): always worth a retry. */
  public static SendResult classify(IOException e) {
    return classify(e, false);
  }

  /** Like {@link #classify(IOException)}; {@code https}: the call was over TLS. */
  public static SendResult classify(IOException e, boolean https) {
    String tls = tlsProblem(e);
    if (tls != null) {
      return SendResult.retry("TLS: " + tls);
    }
    String what;
    if (e instanceof InterruptedIOException) {
      what = "timed out";
    } else if (e instanceof ConnectException) {
      what = "connection failed";
    } else if (e instanceof UnknownHostException) {
      what = "unknown host";
    } else {
      what = "network error";
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String hint = "";
    String lower = msg.toLowerCase(Locale.ROOT);
    if (https
        && (lower.startsWith("unexpected end of stream")
            || lower.contains("broken pipe")
            || lower.contains("connection reset"))) {
      // TLS 1.3: a server that requires a client certificate closes the connection after the
      // handshake, often without an alert the client gets to read.
      hint =
          " (the server closed the TLS connection; if it requires a client certificate, check"
              + " tls.cert_file and tls.key_file)";
    }
    return SendResult.retry(what + ": " + oneLine(Redact.userinfo(msg)) + hint);
  }

  /**
   * A short explanation naming the option that fixes a TLS failure, or null if {@code e} is not
   * one. Retried: certificates and trust stores get fixed without dropping the buffered data.
   */
  static String tlsProblem(IOException e) {
    String all = messages(e);
    String lower = all.toLowerCase(Locale.ROOT);
    if (e instanceof SSLPeerUnverifiedException
        || lower.contains("no subject alternative")
        || (lower.contains("no name matching") && lower.contains("found"))) {
      return "certificate does not match the host name (set tls.server_name to a name in the"
          + " certificate, or use that name in url)";
    }
    if (hasCause(e, CertPathValidatorException.class)
        || lower.contains("unable to find valid certification path")
        || lower.contains("pkix path")) {
      return "certificate not trusted (set tls.ca_file)";
    }
    if (lower.contains("certificate_required")
        || lower.contains("bad_certificate")
        || lower.contains("unknown_ca")) {
      return "the server refused the client certificate (set tls.cert_file and tls.key_file to"
          + " a certificate it trusts): "
          + oneLine(firstLine(all));
    }
    if (hasCause(e, CertificateException.class)) {
      return "certificate rejected: " + oneLine(firstLine(all));
    }
    if (e instanceof SSLException || hasCause(e, SSLException.class)) {
      return "handshake failed: " + oneLine(firstLine(all));
    }
    return null;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null && sb.length() < 2000; t = t.getCause()) {
      if (t.getMessage() != null) {
        sb.append(t.getMessage()).append('\n');
      }
    }
    return Redact.userinfo(sb.toString());
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() <= MAX_BODY_CHARS ? line : line.substring(0, MAX_BODY_CHARS) + "…";
  }

  /** The body as one trimmed line of at most {@link #MAX_BODY_CHARS} characters. */
  static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String line = oneLine(body);
    return line.length() <= MAX_BODY_CHARS ? line : line.substring(0, MAX_BODY_CHARS) + "…";
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
  }
}
