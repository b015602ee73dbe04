package dev.sentinel.sender.http;

import dev.sentinel.core.destination.SendResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The one place where an HTTP outcome becomes a {@link SendResult}: 2xx delivered; 5xx, 429,
 * network errors and Prometheus' "receiver is off" 404 retried; any other status rejected
 * (retrying would fail the same way). Reasons
 * are one line and never contain credentials.
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
    String excerpt = excerpt(body);
    String withBody = excerpt.isEmpty() ? "HTTP " + code : "HTTP " + code + ": " + excerpt;
    if (code >= 200 && code < 300) {
      return SendResult.DELIVERED;
    }
    if (code == 429) {
      return SendResult.retry(withBody + " (receiver is rate limiting)");
    }
    if (code >= 500) {
      return SendResult.retry(withBody);
    }
    if (code == 404 && body != null && body.toLowerCase(Locale.ROOT).contains(RECEIVER_OFF_BODY)) {
      // The receiver, not the batch, is wrong: keep the data (bounded by the buffer) until the
      // operator turns the flag on, instead of dropping every batch meanwhile.
      return SendResult.retry(RECEIVER_OFF_REASON);
    }
    if (code >= 300 && code < 400) {
      String to = location == null ? "" : " to " + HttpOptions.withoutUserinfo(location);
      return SendResult.rejected(
          "HTTP " + code + " redirect" + to + " (redirects are not followed: set url to the final address)");
    }
    if (code == 401 || code == 403) {
      return SendResult.rejected(withBody + " (check username/password and headers)");
    }
    return SendResult.rejected(withBody);
  }

  /** Classifies a failed call (connection refused, timeout, reset...): always worth a retry. */
  public static SendResult classify(IOException e) {
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
    return SendResult.retry(what + ": " + oneLine(HttpOptions.withoutUserinfo(msg)));
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
