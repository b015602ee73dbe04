package dev.sentinel.plugins.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import okhttp3.Handshake;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * What one request of a run (a hop: the first, or a followed redirect) gave. {@link HttpExchange}
 * fills it in on a worker thread; the run reads it once the worker is done or given up on.
 */
final class Hop {
  final HttpUrl url;
  final String method;
  int status = -1;
  String message = "";
  Headers headers = Headers.EMPTY;
  String location;
  long bytes = -1;
  boolean truncated;
  byte[] body;
  Charset charset = StandardCharsets.UTF_8;
  Handshake handshake;
  IOException error;
  boolean hardTimeout;

  Hop(HttpUrl url, String method) {
    this.url = url;
    this.method = method;
  }

  boolean isRedirect() {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** A redirect with a Location header: with follow_redirects, the run goes on from here. */
  boolean isFollowable() {
    return isRedirect() && location != null;
  }
}
