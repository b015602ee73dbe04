package dev.sentinel.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.core.client.HttpClientOptions.Role;
import dev.sentinel.core.options.Problems;
import dev.sentinel.core.options.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one reading of url, credentials, tls and proxy_url: the http plugin's and the destinations'.
 */
class HttpClientOptionsTest {
  @TempDir Path dir;

  private static List<String> errors(Role role, Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("url", "http://127.0.0.1:8080/");
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    Problems problems = new Problems("t.yaml");
    HttpClientOptions.read(Section.of("c", m, problems), role);
    return problems.errors();
  }

  @Test
  void probeAndDestinationReportCredentialProblemsAlike() {
    for (Object[] kv :
        List.of(
            new Object[] {"password", "p"},
            new Object[] {"username", "u", "password", "p", "password_file", "/p"},
            new Object[] {"username", "u", "bearer_token", "t"},
            new Object[] {"bearer_token", ""},
            new Object[] {"bearer_token_file", "/nonexistent/token"},
            new Object[] {"url", "http://u:secret@h/"},
            new Object[] {"proxy_url", "http://proxy/x"})) {
      assertThat(errors(Role.PROBE, kv)).hasSize(1).isEqualTo(errors(Role.DESTINATION, kv));
    }
  }

  @Test
  void onlyTheProbeMayUseASocksProxy() {
    assertThat(errors(Role.PROBE, "proxy_url", "socks5://p:1080")).isEmpty();
    assertThat(errors(Role.DESTINATION, "proxy_url", "socks5://p:1080"))
        .containsExactly(
            "t.yaml: c.proxy_url: \"socks5://p:1080\" must be an http:// proxy URL (e.g."
                + " http://proxy:3128)");
  }

  @Test
  void proxyCredentialsAreDecodedAndNeverShown() {
    Problems problems = new Problems("t.yaml");
    ProxyUrl p =
        ProxyUrl.read(
            Section.of("c", Map.of("proxy_url", "http://us%40er:p%3Aw@proxy:3128"), problems),
            false);
    assertThat(problems.errors()).isEmpty();
    assertThat(p.username()).isEqualTo("us@er");
    assertThat(p.password()).isEqualTo("p:w");
    assertThat(p.toString()).isEqualTo("http://***@proxy:3128").isEqualTo(p.safeUrl());
    assertThat(p.text()).isEqualTo("http://proxy:3128");
  }

  @Test
  void aSecretFileIsReReadWhenItChanges() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "one\n");
    Secret s = Secret.file("bearer_token_file", file);
    assertThat(s.value()).isEqualTo("one");
    Files.writeString(file, "two-longer\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(s.value()).isEqualTo("two-longer");
    assertThat(s.toString()).doesNotContain("two");
  }

  @Test
  void redactionHidesUserinfoAndSecretQueryValues() {
    assertThat(Redact.url("http://u:p@h/w?site=a&access_token=x1"))
        .isEqualTo("http://***@h/w?site=a&access_token=***");
  }
}
