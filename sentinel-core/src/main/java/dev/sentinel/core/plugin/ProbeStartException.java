package dev.sentinel.core.plugin;

/**
 * A task cannot start (e.g. packet capture without CAP_NET_RAW). The message is one line for the
 * user that names the fix; it is logged and printed as it is.
 */
public final class ProbeStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProbeStartException(String message) {
    super(message, null, false, false);
  }
}
