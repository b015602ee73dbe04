package dev.sentinel.app.web;

import dev.sentinel.core.config.YamlReader;
import dev.sentinel.core.options.ConfigException;
import dev.sentinel.core.options.ConfigNode;
import dev.sentinel.core.options.FileError;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web listener's TLS and authentication, read from {@code self_metrics.web_config_file}: a file
 * in the format of Prometheus' {@code --web.config.file} (exporter-toolkit), so the same file
 * serves both. {@code tls_server_config} makes the listener HTTPS ({@link ServerTls}); {@code
 * basic_auth_users} (user: bcrypt hash) puts every page behind Basic authentication ({@link
 * BasicAuth}). Either may be absent. Relative paths are resolved against the file's directory.
 * Every problem is reported as {@code file:line: key: message}, never with a password or hash.
 */
public final class WebConfig {
  /** Plain HTTP, no authentication: no web config file. */
  public static final WebConfig NONE = new WebConfig("", null, null);

  static final String TLS_SERVER_CONFIG = "tls_server_config";
  static final String BASIC_AUTH_USERS = "basic_auth_users";

  /** The largest file read: far more than any real one. */
  private static final int MAX_BYTES = 1 << 20;

  /** exporter-toolkit's sections this listener does not implement: an error, never ignored. */
  private static final List<String> UNSUPPORTED = List.of("http_server_config", "rate_limit");

  private final String source;
  private final ServerTls tls;
  private final BasicAuth auth;

  private WebConfig(String source, ServerTls tls, BasicAuth auth) {
    this.source = source;
    this.tls = tls;
    this.auth = auth;
  }

  /** A web config of parts already built (null: plain HTTP, no authentication). */
  static WebConfig of(ServerTls tls, BasicAuth auth) {
    return new WebConfig("", tls, auth);
  }

  /** Reads and checks {@code file}, with every certificate and key it names. */
  public static WebConfig load(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + FileError.why(e));
    }
    if (bytes.length > MAX_BYTES) {
      throw new ConfigException(file + ": is larger than 1 MiB: not a web config file");
    }
    return parse(file, new String(bytes, StandardCharsets.UTF_8));
  }

  /** Parses {@code text} as the content of {@code file} (whose directory relative paths use). */
  static WebConfig parse(Path file, String text) {
    Problems problems = new Problems(file.toString());
    ConfigNode root = new YamlReader(file.toString(), problems).read(text);
    problems.throwIfErrors();
    Section top = new Section("", root, problems);
    refuse(top, UNSUPPORTED);
    ServerTls tls = null;
    if (top.has(TLS_SERVER_CONFIG)) {
      Section section = top.section(TLS_SERVER_CONFIG); // reports a value that is not a mapping
      if (top.node(TLS_SERVER_CONFIG).isMap()) {
        tls = ServerTls.read(section, file.getParent());
      }
    }
    BasicAuth auth = users(top);
    top.finish();
    problems.throwIfErrors();
    return new WebConfig(file.toString(), tls, auth);
  }

  /** Reports each of exporter-toolkit's {@code keys} present in {@code s}: never ignored. */
  static void refuse(Section s, List<String> keys) {
    for (String key : keys) {
      if (s.has(key)) {
        s.error(key, "is not supported by Sentinel's web listener");
      }
    }
  }

  /** The users and their hashes, or null when there are none (no authentication). */
  private static BasicAuth users(Section top) {
    Map<String, String> hashes = new LinkedHashMap<>();
    String path = top.keyPath(BASIC_AUTH_USERS);
    ConfigNode node = top.node(BASIC_AUTH_USERS);
    top.accept(BASIC_AUTH_USERS);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isMap()) {
      top.error(BASIC_AUTH_USERS, "must be a mapping of user names to bcrypt hashes");
      return null;
    }
    boolean bad = false;
    for (Map.Entry<String, ConfigNode> e : node.asMap().entrySet()) {
      String user = e.getKey();
      ConfigNode hash = e.getValue();
      int line = hash.line();
      String at = path + "." + user;
      if (user.isEmpty()) {
        top.problems().error(line, path, "a user name is empty");
      } else if (user.indexOf(':') >= 0) {
        top.problems()
            .error(line, at, "a user name cannot contain ':' (Basic authentication splits there)");
      } else if (!hash.isScalar() || hash.isNull() || !BasicAuth.isBcrypt(hash.asString())) {
        top.problems()
            .error(
                line,
                at,
                "is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost from 04 to 31, 60 characters in"
                    + " all; make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n')");
      } else {
        hashes.put(user, hash.asString());
        continue;
      }
      bad = true;
    }
    return hashes.isEmpty() || bad ? null : new BasicAuth(hashes);
  }

  /** The HTTPS set-up, or empty for plain HTTP. */
  public Optional<ServerTls> tls() {
    return Optional.ofNullable(tls);
  }

  /** The Basic authentication every page requires, or empty for none. */
  public Optional<BasicAuth> auth() {
    return Optional.ofNullable(auth);
  }

  /** E.g. {@code https (TLSv1.2, TLSv1.3), basic auth (alice, bob)}; {@code http} for none. */
  public String describe() {
    return (tls == null ? "http" : tls.describe())
        + (auth == null ? "" : ", basic auth (" + String.join(", ", auth.users()) + ")");
  }

  @Override
  public String toString() {
    return "WebConfig[" + (source.isEmpty() ? "none" : source) + ": " + describe() + "]";
  }
}
