package dev.sentinel.plugins.http;

import dev.sentinel.plugins.http.HttpProbe.Hop;
import dev.sentinel.plugins.http.HttpProbe.Reason;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.plugin.Probe;
import dev.sentinel.core.plugin.ProbeContext;
import dev.sentinel.core.plugin.ProbeResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.Credentials;
import okhttp3.Handshake;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** The checks a response must pass: status, TLS requirement, headers and body. */
final class HttpChecks {
  private final HttpProbeOptions options;

  HttpChecks(HttpProbeOptions options) {
    this.options = options;
  }

  /** {reason, text} for a response that arrived but fails a check, or null. */
  Object[] check(Hop last) {
    if (!statusOk(last.status)) {
      if (options.followRedirects() && HttpProbe.isRedirect(last.status)) {
        return new Object[] {Reason.STATUS, "status " + last.status + " without a usable Location header"};
      }
      return new Object[] {Reason.STATUS, "status " + last.status + statusText(last) + " is not in valid_status_codes ("
          + validText() + ")"};
    }
    String header = headerProblem(last.headers);
    if (header != null) {
      return new Object[] {Reason.HEADER, header};
    }
    String body = bodyProblem(last);
    if (body != null) {
      return new Object[] {Reason.BODY, body};
    }
    if (options.failIfSsl() && last.url.isHttps()) {
      return new Object[] {Reason.SSL_FORBIDDEN, "the final URL " + last.url + " uses TLS (fail_if_ssl)"};
    }
    if (options.failIfNotSsl() && !last.url.isHttps()) {
      return new Object[] {Reason.SSL_REQUIRED, "the final URL " + last.url + " does not use TLS (fail_if_not_ssl)"};
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
        return "header " + rule.header() + " matches /" + rule.regex().pattern() + "/ (fail_if_header_matches)";
      }
      if (!rule.failIfMatches() && !any) {
        return "header " + rule.header() + " does not match /" + rule.regex().pattern() + "/ (fail_if_header_not_matches)";
      }
    }
    return null;
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
