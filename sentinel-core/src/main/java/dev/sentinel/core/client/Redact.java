package dev.sentinel.core.client;

import java.util.regex.Pattern;

/** The one place where URLs are made safe to show in messages, logs and {@code describe()}. */
public final class Redact {
  private static final Pattern USERINFO = Pattern.compile("(?<=//)[^/?#@]*@");
  private static final Pattern SECRET_QUERY =
      Pattern.compile("(?i)([?&][^=&#]*(?:token|key|secret|pass|auth|sig)[^=&#]*=)[^&#]*");

  private Redact() {}

  /**
   * {@code text} with any {@code //user:password@} part replaced by {@code //***@}; "" for null.
   */
  public static String userinfo(String text) {
    return text == null ? "" : USERINFO.matcher(text).replaceAll("***@");
  }

  /** A URL as safe to show: no userinfo, values of secret-looking query parameters hidden. */
  public static String url(String url) {
    return SECRET_QUERY.matcher(userinfo(url)).replaceAll("$1***");
  }
}
