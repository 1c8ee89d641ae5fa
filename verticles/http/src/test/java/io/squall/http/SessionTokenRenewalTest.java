package io.squall.http;

import static io.squall.http.XsrfBootstrap.withXsrf;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.auth.AuthOptions;
import io.squall.auth.AuthVerticle;
import io.squall.auth.JwtKeyOptions;
import io.squall.auth.Passwords;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /auth/token} keeps a logged-in page supplied with a token the bridge accepts: the session's token is
 * renewed once half its life has gone, and after it expired too (a session outlives its tokens), in front of the real
 * auth verticle with 2-second tokens.
 */
class SessionTokenRenewalTest {

  @TempDir
  Path dir;
  private Vertx vertx;
  private SquallClient browser;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    int port = HttpServers.deploy(vertx, new HttpOptions().setRoutes(List.of(
        XsrfBootstrap.route(),
        new RouteOptions().setPath("/me").setKind(RouteOptions.Kind.HANDLER).setHandler(LoginTest.WhoAmI.class.getName()))));
    Path users = Files.writeString(dir.resolve("users.yaml"), "users:\n  - {username: alice, password: \""
        + new Passwords(10_000).hash("alice-secret") + "\", roles: [user]}\n");
    Path jwt = Files.writeString(dir.resolve("jwt"), "0123456789abcdef0123456789abcdef-for-tests");
    AuthOptions auth = new AuthOptions().setUsersFile(users.toString()).setPasswordIterations(10_000).setTokenTtl(2)
        .addKey(new JwtKeyOptions().setKid("k1").setSecretFile(jwt.toString()));
    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(auth.toJson()))
        .toCompletionStage().toCompletableFuture().get();
    browser = SquallClient.to(port);
    assertThat(withXsrf(browser).postForm("/login", Map.of("username", "alice", "password", "alice-secret"))
        .statusCode()).isEqualTo(303);
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private String sessionToken() throws Exception {
    HttpResponse<String> r = browser.get("/auth/token");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("token");
  }

  private int me(String token) throws Exception {
    return browser.send(browser.request("/me").header("Authorization", "Bearer " + token).GET()).statusCode();
  }

  private static void awaitTime(String what, long epochSeconds) {
    SquallProcess.awaitCondition(what, Duration.ofSeconds(10), () -> System.currentTimeMillis() / 1000 >= epochSeconds);
  }

  @Test
  void aSessionTokenPastHalfItsLifeIsRenewedAndTheNewOneWorks() throws Exception {
    String first = sessionToken();
    assertThat(sessionToken()).as("fresh: given as is").isEqualTo(first);

    awaitTime("half the token's life gone", claims(first).getLong("iat") + 1);
    String renewed = sessionToken();

    assertThat(renewed).isNotEqualTo(first);
    assertThat(me(renewed)).isEqualTo(200);
    assertThat(sessionToken()).as("the session keeps the renewed one").isEqualTo(renewed);
  }

  @Test
  void aSessionWhoseTokenExpiredGetsANewOne() throws Exception {
    String first = sessionToken();
    awaitTime("the token expired", claims(first).getLong("exp") + 1);
    assertThat(me(first)).as("the expired token itself").isEqualTo(401);

    String renewed = sessionToken();

    assertThat(renewed).isNotEqualTo(first);
    assertThat(me(renewed)).isEqualTo(200);
  }

  @Test
  void anExpiredBearerTokenIsNotRefreshedOutsideASession() throws Exception {
    String first = sessionToken();
    awaitTime("the token expired", claims(first).getLong("exp") + 1);

    HttpResponse<String> refreshed = browser.send(browser.request("/auth/token/refresh")
        .header("Authorization", "Bearer " + first).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(refreshed.statusCode()).isEqualTo(401);
  }

  private static JsonObject claims(String token) {
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
        java.nio.charset.StandardCharsets.UTF_8));
  }
}
