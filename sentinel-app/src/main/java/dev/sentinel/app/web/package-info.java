/**
 * The daemon's web listener on {@code self_metrics.listen}: {@code /metrics}, {@code /healthz},
 * {@code /readyz}, served concurrently with a limit on how long a request may take; with {@code
 * self_metrics.web_config_file} (Prometheus' web config format) over HTTPS and behind Basic
 * authentication. The status page's files are {@link dev.sentinel.app.web.StaticAssets}.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.app.web;
