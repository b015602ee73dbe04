/**
 * The daemon's web listener on {@code self_metrics.listen}: {@code /metrics}, {@code /healthz},
 * {@code /readyz}, served concurrently with a limit on how long a request may take, and the status
 * page's files ({@link dev.sentinel.app.web.StaticAssets}).
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.app.web;
