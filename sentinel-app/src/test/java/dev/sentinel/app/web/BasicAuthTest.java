package dev.sentinel.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.sentinel.core.metrics.Readiness;
import dev.sentinel.core.metrics.SelfMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
  /** exporter-toolkit's decoy: "fakepassword" hashed by Go's bcrypt, as htpasswd writes it. */
  static final String GO_HASH = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

  static String hash(String password) {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, password.toCharArray());
  }

  private final BasicAuth auth =
      new BasicAuth(Map.of("alice", hash("alice-pw"), "bob", hash("bob-pw")));

  @Test
  void theRightPasswordPassesAndIsThenRememberedWithoutAnotherBcrypt() {
    assertThat(auth.check("alice", "alice-pw")).isTrue();
    assertThat(auth.bcryptRuns()).isEqualTo(1);
    assertThat(auth.check("alice", "alice-pw")).isTrue();
    assertThat(auth.check("alice", "alice-pw")).isTrue();
    assertThat(auth.bcryptRuns()).as("served from the cache").isEqualTo(1);
    assertThat(auth.check("bob", "bob-pw")).isTrue();
    assertThat(auth.bcryptRuns()).isEqualTo(2);
  }

  @Test
  void aWrongPasswordFailsAndEveryGuessCostsABcrypt() {
    assertThat(auth.check("alice", "alice-pw")).isTrue();
    assertThat(auth.check("alice", "bob-pw")).isFalse();
    assertThat(auth.check("alice", "bob-pw")).isFalse();
    assertThat(auth.check("alice", "")).isFalse();
    assertThat(auth.check("bob", "alice-pw")).as("another user's password").isFalse();
    assertThat(auth.bcryptRuns()).as("failures are never cached").isEqualTo(5);
  }

  @Test
  void anUnknownUserFailsAfterABcryptLikeAKnownOne() {
    assertThat(auth.check("mallory", "alice-pw")).isFalse();
    assertThat(auth.check("mallory", "alice-pw")).isFalse();
    assertThat(auth.check("", "")).isFalse();
    assertThat(auth.bcryptRuns()).as("as slow as a wrong password").isEqualTo(3);
  }

  @Test
  void theDecoyForUnknownUsersIsTheCostliestHash() {
    BasicAuth mixed = new BasicAuth(Map.of("cheap", hash("x"), "go", GO_HASH));
    mixed.check("go", "warm-up");
    long start = System.nanoTime();
    assertThat(mixed.check("go", "wrong")).isFalse();
    long known = System.nanoTime() - start;
    start = System.nanoTime();
    assertThat(mixed.check("nobody", "wrong")).isFalse();
    long unknown = System.nanoTime() - start;
    // Cost 10 is 64 times cost 4: an unknown user checked against the cheap hash would take ~1/64.
    assertThat(unknown).isGreaterThan(known / 4);
  }

  @Test
  void hashesFromGoAndEveryBcryptVersionVerify() {
    BasicAuth go = new BasicAuth(Map.of("u", GO_HASH));
    assertThat(go.check("u", "fakepassword")).isTrue();
    for (BCrypt.Version v :
        new BCrypt.Version[] {
          BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y
        }) {
      String h = BCrypt.with(v).hashToString(4, "pw".toCharArray());
      assertThat(BasicAuth.isBcrypt(h)).as(h).isTrue();
      assertThat(new BasicAuth(Map.of("u", h)).check("u", "pw")).as(h).isTrue();
    }
  }

  @Test
  void aPasswordLongerThanBcryptTakesNeverMatches() {
    String longPassword = "p".repeat(100);
    assertThat(new BasicAuth(Map.of("u", hash("p".repeat(70)))).check("u", longPassword)).isFalse();
  }

  @Test
  void onlyBcryptShapedHashesAreTaken() {
    assertThat(BasicAuth.isBcrypt(GO_HASH)).isTrue();
    assertThat(BasicAuth.isBcrypt(GO_HASH.replace("$2y$", "$2x$"))).isFalse();
    assertThat(BasicAuth.isBcrypt(GO_HASH.replace("$10$", "$03$"))).isFalse();
    assertThat(BasicAuth.isBcrypt(GO_HASH.substring(1))).isFalse();
    assertThat(BasicAuth.isBcrypt(GO_HASH + "x")).isFalse();
    assertThat(BasicAuth.isBcrypt("{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=")).isFalse();
  }

  @Test
  void toStringNamesTheUsersOnly() {
    assertThat(auth.toString()).isEqualTo("BasicAuth[users=alice, bob]");
  }

  /** Over HTTP: every route, also one added after start, answers 401 without the password. */
  @Test
  void everyRouteAsksForThePasswordAndLetsTheRightOneIn() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    try (MetricsServer server =
        MetricsServer.start(
            "127.0.0.1:0",
            new SelfMetrics("test").registry(),
            Readiness.ALWAYS,
            WebConfig.of(null, auth))) {
      server.route("/later", ex -> ex.sendResponseHeaders(204, -1));
      for (String path : new String[] {"/metrics", "/healthz", "/readyz", "/later"}) {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        HttpResponse<String> none =
            client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).as(path).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate"))
            .containsExactly("Basic realm=\"Sentinel\"");
        assertThat(get(client, uri, "alice:wrong").statusCode()).as(path).isEqualTo(401);
        assertThat(get(client, uri, "mallory:alice-pw").statusCode()).as(path).isEqualTo(401);
        assertThat(get(client, uri, "alice").statusCode()).as("no colon").isEqualTo(401);
        assertThat(get(client, uri, "alice:alice-pw").statusCode())
            .as(path)
            .isEqualTo(path.equals("/later") ? 204 : 200);
      }
      HttpResponse<String> garbage =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                  .header("Authorization", "Basic !!!not base64")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(garbage.statusCode()).isEqualTo(401);
    }
  }

  private static HttpResponse<String> get(HttpClient client, URI uri, String credentials)
      throws Exception {
    String basic = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    return client.send(
        HttpRequest.newBuilder(uri).header("Authorization", "Basic " + basic).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
