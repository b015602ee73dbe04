package dev.sentinel.plugins.http;

import dev.sentinel.plugins.http.Failure.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Headers;

/** The checks a response must pass: status, TLS requirement, headers and body. */
final class HttpChecks {
  private final HttpProbeOptions options;

  HttpChecks(HttpProbeOptions options) {
    this.options = options;
  }

  /** Why a response that arrived fails a check, or null when it passes them all. */
  Failure check(Hop last) {
    if (!statusOk(last.status)) {
      if (options.followRedirects() && last.isRedirect()) {
        return new Failure(
            Reason.STATUS, "status " + last.status + " without a usable Location header");
      }
      return new Failure(
          Reason.STATUS,
          "status "
              + last.status
              + statusText(last)
              + " is not in valid_status_codes ("
              + validText()
              + ")");
    }
    String header = headerProblem(last.headers);
    if (header != null) {
      return new Failure(Reason.HEADER, header);
    }
    String body = bodyProblem(last);
    if (body != null) {
      return new Failure(Reason.BODY, body);
    }
    if (options.failIfSsl() && last.url.isHttps()) {
      return new Failure(
          Reason.SSL_FORBIDDEN, "the final URL " + last.url + " uses TLS (fail_if_ssl)");
    }
    if (options.failIfNotSsl() && !last.url.isHttps()) {
      return new Failure(
          Reason.SSL_REQUIRED, "the final URL " + last.url + " does not use TLS (fail_if_not_ssl)");
    }
    return null;
  }

  static String statusText(Hop h) {
    return h.message == null || h.message.isBlank() ? "" : " " + h.message;
  }

  boolean statusOk(int status) {
    if (options.validStatusCodes().isEmpty()) {
      return status >= 200 && status <= 299;
    }
    for (int[] r : options.validStatusCodes()) {
      if (status >= r[0] && status <= r[1]) {
        return true;
      }
    }
    return false;
  }

  String validText() {
    if (options.validStatusCodes().isEmpty()) {
      return "2xx";
    }
    List<String> parts = new ArrayList<>();
    for (int[] r : options.validStatusCodes()) {
      parts.add(r[0] == r[1] ? String.valueOf(r[0]) : (r[0] / 100) + "xx");
    }
    return String.join(", ", parts);
  }

  String headerProblem(Headers headers) {
    for (HttpProbeOptions.HeaderRule rule : options.headerRules()) {
      List<String> values = headers.values(rule.header());
      if (values.isEmpty()) {
        if (!rule.allowMissing()) {
          return "header " + rule.header() + " is missing";
        }
        continue;
      }
      boolean any = values.stream().anyMatch(v -> rule.regex().matcher(v).find());
      if (rule.failIfMatches() && any) {
        return "header "
            + rule.header()
            + " matches /"
            + rule.regex().pattern()
            + "/ (fail_if_header_matches)";
      }
      if (!rule.failIfMatches() && !any) {
        return "header "
            + rule.header()
            + " does not match /"
            + rule.regex().pattern()
            + "/ (fail_if_header_not_matches)";
      }
    }
    return null;
  }

  /** Whether the body passed its regexes, when they were checked (the body was read). */
  Optional<Boolean> bodyMatched(Hop last) {
    return last.body != null && options.checksBody()
        ? Optional.of(bodyProblem(last) == null)
        : Optional.empty();
  }

  String bodyProblem(Hop last) {
    if (last.body == null) {
      return null;
    }
    String text = new String(last.body, last.charset);
    for (Pattern p : options.failIfBodyMatches()) {
      if (p.matcher(text).find()) {
        return "the body matches /" + p.pattern() + "/ (fail_if_body_matches)";
      }
    }
    for (Pattern p : options.failIfBodyNotMatches()) {
      if (!p.matcher(text).find()) {
        return "the body does not match /" + p.pattern() + "/ (fail_if_body_not_matches)";
      }
    }
    return null;
  }
}
