package dev.sentinel.app.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * HTTP Basic authentication against bcrypt hashes ({@code basic_auth_users}), as Prometheus'
 * exporter-toolkit does it: bcrypt is slow by design, so a successful check is remembered (by user
 * and a salted SHA-256 of the password, at most {@link #CACHE_SIZE}); failures are not, so guessing
 * always costs a bcrypt. A user that does not exist costs one too (the password is checked against
 * the costliest configured hash and the result ignored), so timing does not tell which users exist.
 * One bcrypt runs at a time, so a flood of guesses takes one core, not all. Neither passwords nor
 * hashes ever appear in messages or {@link #toString()}.
 */
public final class BasicAuth extends Authenticator {
  static final String CHALLENGE = "Basic realm=\"Sentinel\"";
  static final int CACHE_SIZE = 100;

  /** $2a$, $2b$ or $2y$, a two-digit cost from 04 to 31, 22 characters of salt, 31 of hash. */
  private static final Pattern BCRYPT =
      Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

  private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer();

  private final Map<String, String> hashes;
  private final String decoy;
  private final byte[] salt = new byte[16];
  private final Set<String> verified =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > CACHE_SIZE;
                }
              }));
  private final Object bcryptLock = new Object();
  private final AtomicLong bcryptRuns = new AtomicLong();

  /** {@code hashes}: user name to bcrypt hash, at least one, each {@link #isBcrypt}. */
  BasicAuth(Map<String, String> hashes) {
    if (hashes.isEmpty()) {
      throw new IllegalArgumentException("no users");
    }
    this.hashes = Map.copyOf(hashes);
    this.decoy =
        this.hashes.values().stream()
            .max((a, b) -> a.substring(4, 6).compareTo(b.substring(4, 6)))
            .orElseThrow();
    new SecureRandom().nextBytes(salt);
  }

  /** Whether {@code hash} has the form of a bcrypt hash (never echoed: it is a secret). */
  static boolean isBcrypt(String hash) {
    return BCRYPT.matcher(hash).matches();
  }

  /** The user names, sorted. */
  public Set<String> users() {
    return new java.util.TreeSet<>(hashes.keySet());
  }

  /** Whether {@code password} is {@code user}'s. */
  public boolean check(String user, String password) {
    String hash = hashes.get(user);
    String key = hash == null ? null : user + ":" + digest(password);
    if (key != null && verified.contains(key)) {
      return true;
    }
    boolean ok = bcrypt(password, hash == null ? decoy : hash) && hash != null;
    if (ok) {
      verified.add(key);
    }
    return ok;
  }

  /** How many bcrypt checks ran (for tests: the cache and the decoy). */
  long bcryptRuns() {
    return bcryptRuns.get();
  }

  private boolean bcrypt(String password, String hash) {
    synchronized (bcryptLock) {
      bcryptRuns.incrementAndGet();
      try {
        return VERIFYER.verify(password.toCharArray(), hash).verified;
      } catch (IllegalArgumentException e) {
        return false; // e.g. longer than bcrypt takes: never a match
      }
    }
  }

  private String digest(String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String credentials;
      try {
        credentials =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        credentials = ""; // not base64: no credentials
      }
      int colon = credentials.indexOf(':');
      if (colon > 0) {
        String user = credentials.substring(0, colon);
        if (check(user, credentials.substring(colon + 1))) {
          return new Success(new HttpPrincipal(user, "Sentinel"));
        }
      }
    }
    exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
    return new Retry(401);
  }

  @Override
  public String toString() {
    return "BasicAuth[users=" + String.join(", ", users()) + "]";
  }
}
