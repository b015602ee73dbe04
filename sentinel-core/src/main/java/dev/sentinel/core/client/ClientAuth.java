package dev.sentinel.core.client;

import dev.sentinel.core.options.FileError;
import dev.sentinel.core.options.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A client's credentials: basic auth ({@code username} + {@code password} or {@code password_file})
 * or a bearer token ({@code bearer_token} or {@code bearer_token_file}), never both. Files are
 * checked when the options are read and re-read when they change ({@link Secret}).
 *
 * @param username the basic-auth user, "" for none
 * @param password the basic-auth password, or null
 * @param bearerToken the bearer token, or null
 */
public record ClientAuth(String username, Secret password, Secret bearerToken) {
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String PASSWORD_FILE = "password_file";
  public static final String BEARER_TOKEN = "bearer_token";
  public static final String BEARER_TOKEN_FILE = "bearer_token_file";

  public static final ClientAuth NONE = new ClientAuth("", null, null);

  public ClientAuth {
    username = username == null ? "" : username;
  }

  /** Reads the five options, reporting conflicts and unusable files through {@code o}. */
  public static ClientAuth read(Section o) {
    String username = o.string(USERNAME, "");
    Secret password = secret(o, PASSWORD, PASSWORD_FILE);
    Secret bearer = secret(o, BEARER_TOKEN, BEARER_TOKEN_FILE);
    if (password != null && username.isEmpty()) {
      o.error(password.key(), "needs username (basic authentication)");
    }
    if (bearer != null && !username.isEmpty()) {
      o.error(
          bearer.key(),
          "cannot be combined with username/"
              + (password == null ? PASSWORD : password.key())
              + " (basic auth); choose one");
    }
    return new ClientAuth(username, password, bearer);
  }

  /**
   * The inline ({@code key}) or file ({@code fileKey}) form of a secret; both set is an error. A
   * file must be readable and non-empty now.
   */
  private static Secret secret(Section o, String key, String fileKey) {
    boolean inline = o.has(key);
    boolean file = o.has(fileKey);
    if (inline && file) {
      o.error(fileKey, "cannot be combined with " + key + "; set only one of them");
      return null;
    }
    if (inline) {
      String value = o.string(key, "");
      if (value.isEmpty()) {
        o.error(key, "must not be empty");
        return null;
      }
      return Secret.literal(key, value);
    }
    if (!file) {
      return null;
    }
    String name = o.string(fileKey, "").strip();
    if (name.isEmpty()) {
      o.error(fileKey, "must not be empty");
      return null;
    }
    Path path;
    try {
      path = Path.of(name);
    } catch (InvalidPathException e) {
      o.error(fileKey, "\"" + name + "\" is not a valid file path: " + e.getReason());
      return null;
    }
    try {
      if (Files.readString(path, StandardCharsets.UTF_8).isBlank()) {
        o.error(fileKey, path + " is empty");
        return null;
      }
    } catch (IOException e) {
      o.error(fileKey, FileError.cannotRead(path, e));
      return null;
    }
    return Secret.file(fileKey, path);
  }

  public boolean basic() {
    return !username.isEmpty();
  }

  /**
   * The {@code Authorization} header value for a request now ({@code Basic …} or {@code Bearer …},
   * files re-read if they changed), or null without credentials. The exception message names the
   * option and file, never the content.
   */
  public String authorization() throws IOException {
    if (basic()) {
      return basic(username, password == null ? "" : password.value());
    }
    return bearerToken == null ? null : "Bearer " + bearerToken.value();
  }

  /**
   * {@code Basic <base64 of user:password in UTF-8>}, the value of an (proxy) authorization header.
   */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The secret values read so far (for redaction), without touching the files. */
  public List<String> knownSecrets() {
    List<String> out = new ArrayList<>();
    for (Secret s : new Secret[] {password, bearerToken}) {
      if (s != null && s.lastValue() != null) {
        out.add(s.lastValue());
      }
    }
    return out;
  }

  /** E.g. {@code , basic auth as "probe" (password from /etc/pw)}; "" without credentials. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (basic()) {
      sb.append(", basic auth as \"").append(username).append('"');
      if (password != null && password.fromFile()) {
        sb.append(" (password from ").append(password.path()).append(')');
      }
    }
    if (bearerToken != null) {
      sb.append(", bearer token")
          .append(bearerToken.fromFile() ? " from " + bearerToken.path() : "");
    }
    return sb.toString();
  }
}
