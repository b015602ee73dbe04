/**
 * TLS for Sentinel's clients: the immutable TLS settings every client reads the same way, PEM
 * certificates and keys, trust from a CA file, the server-name check and the trust-all of
 * insecure_skip_verify.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so. Paths that are not set are null in {@link
 * dev.sentinel.core.tls.TlsSettings}, as it documents.
 */
package dev.sentinel.core.tls;
