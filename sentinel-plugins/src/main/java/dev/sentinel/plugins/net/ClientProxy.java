package dev.sentinel.plugins.net;

import dev.sentinel.core.client.ProxyUrl;
import okhttp3.OkHttpClient;

/** The proxy of a plugin's HTTP client ({@code proxy_url}), set the same way by every plugin. */
public final class ClientProxy {
  private ClientProxy() {}

  /**
   * Routes {@code b}'s requests through {@code proxy} (none when null), answering its 407 with the
   * proxy's credentials once.
   */
  public static void apply(OkHttpClient.Builder b, ProxyUrl proxy) {
    if (proxy == null) {
      return;
    }
    b.proxy(proxy.proxy());
    if (proxy.authenticated()) {
      String credential = proxy.authorization();
      b.proxyAuthenticator(
          (route, response) ->
              response.request().header("Proxy-Authorization") != null
                  ? null
                  : response
                      .request()
                      .newBuilder()
                      .header("Proxy-Authorization", credential)
                      .build());
    }
  }
}
