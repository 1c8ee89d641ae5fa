package io.squall.http;

import static io.squall.http.XsrfBootstrap.withXsrf;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.auth.AuthOptions;
import io.squall.auth.AuthVerticle;
import io.squall.auth.JwtKeyOptions;
import io.squall.auth.OidcOptions;
import io.squall.auth.Passwords;
import io.squall.testing.OidcTestProvider;
import io.squall.testing.SquallClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http verticle's login, token and OpenID Connect routes in front of the real auth verticle. */
class AuthServiceTest {

  @TempDir
  Path dir;
  private Vertx vertx;
  private OidcTestProvider provider;
  private int port;
  private SquallClient browser;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    provider = OidcTestProvider.start(vertx, "chat", "oidc-client-secret",
        new JsonObject().put("sub", "42").put("name", "Grace").put("roles", new JsonArray().add("moderator")))
        .toCompletionStage().toCompletableFuture().get();
    port = HttpServers.deploy(vertx, new HttpOptions().setOidcLoginUrl("/login/oidc").setRoutes(List.of(
        XsrfBootstrap.route(),
        new RouteOptions().setPath("/me").setKind(RouteOptions.Kind.HANDLER).setHandler(LoginTest.WhoAmI.class.getName()))));
    Path users = Files.writeString(dir.resolve("users.yaml"), "users:\n  - {username: alice, password: \""
        + new Passwords(10_000).hash("alice-secret") + "\", roles: [user]}\n");
    Path jwt = Files.writeString(dir.resolve("jwt"), "0123456789abcdef0123456789abcdef-for-tests");
    Path oidcSecret = Files.writeString(dir.resolve("oidc"), "oidc-client-secret");
    AuthOptions auth = new AuthOptions().setUsersFile(users.toString()).setPasswordIterations(10_000)
        .setMaxFailures(2).addKey(new JwtKeyOptions().setKid("k1").setSecretFile(jwt.toString()))
        .setOidc(new OidcOptions().setSite(provider.site()).setClientId("chat").setClientSecretFile(oidcSecret.toString())
            .setRedirectUri("http://127.0.0.1:" + port + "/login/oidc/callback"));
    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(auth.toJson()))
        .toCompletionStage().toCompletableFuture().get();
    browser = SquallClient.to(port);
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private HttpResponse<String> postToken(String username, String password) throws Exception {
    return browser.send(browser.request("/auth/token").header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", username).put("password", password).encode())));
  }

  private HttpResponse<String> withBearer(String method, String path, String token) throws Exception {
    return browser.send(browser.request(path).header("Authorization", "Bearer " + token)
        .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void aTokenFromTheTokenEndpointAuthenticatesRefreshesAndIsRevokedByDelete() throws Exception {
    String token = new JsonObject(postToken("alice", "alice-secret").body()).getString("token");
    assertThat(withBearer("GET", "/me", token).body()).isEqualTo("alice");

    HttpResponse<String> refreshed = withBearer("POST", "/auth/token/refresh", token);
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String fresh = new JsonObject(refreshed.body()).getString("token");
    assertThat(withBearer("GET", "/me", token).statusCode()).as("the refreshed token is revoked").isEqualTo(401);
    assertThat(withBearer("GET", "/me", fresh).body()).isEqualTo("alice");

    assertThat(withBearer("DELETE", "/auth/token", fresh).statusCode()).isEqualTo(204);
    HttpResponse<String> afterLogout = withBearer("GET", "/me", fresh);
    assertThat(afterLogout.statusCode()).isEqualTo(401);
    assertThat(afterLogout.headers().firstValue("www-authenticate")).hasValue("Bearer error=\"invalid_token\"");
  }

  @Test
  void aFormLoginStartsASessionAndLogoutEndsIt() throws Exception {
    HttpResponse<String> login = withXsrf(browser).postForm("/login",
        Map.of("username", "alice", "password", "alice-secret", "next", "/me"));
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("location")).hasValue("/me");
    assertThat(browser.get("/me").body()).isEqualTo("alice");
    HttpResponse<String> sessionToken = browser.get("/auth/token");
    assertThat(sessionToken.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(withBearer("GET", "/me", new JsonObject(sessionToken.body()).getString("token")).body()).isEqualTo("alice");

    assertThat(browser.postForm("/logout", Map.of()).statusCode()).isEqualTo(303);
    assertThat(browser.get("/me").body()).isEqualTo("guest");
    assertThat(browser.get("/auth/token").statusCode()).isEqualTo(401);
  }

  @Test
  void repeatedWrongPasswordsGet429WithRetryAfter() throws Exception {
    assertThat(postToken("alice", "wrong").statusCode()).isEqualTo(401);
    assertThat(postToken("alice", "wrong").statusCode()).isEqualTo(401);

    HttpResponse<String> throttled = postToken("alice", "alice-secret");

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(throttled.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
    assertThat(new JsonObject(throttled.body()).getString("message")).startsWith("too many failed logins");
  }

  @Test
  void aBrowserLogsInThroughTheOidcProviderAndLandsOnNextWithASession() throws Exception {
    HttpResponse<String> start = browser.get("/login/oidc?next=/me");
    assertThat(start.statusCode()).isEqualTo(302);
    assertThat(browser.cookie(LoginRoutes.OIDC_STATE_COOKIE)).isNotNull();

    String backToUs = provider(start.headers().firstValue("location").orElseThrow());
    assertThat(backToUs).startsWith("http://127.0.0.1:" + port + "/login/oidc/callback?");
    HttpResponse<String> callback = browser.get(backToUs.substring(browser.base().length()));

    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
    assertThat(callback.headers().firstValue("location")).hasValue("/me");
    assertThat(browser.get("/me").body()).isEqualTo("oidc:42");
    assertThat(provider.exchanged()).isEqualTo(1);
  }

  @Test
  void aCallbackInABrowserThatDidNotStartTheLoginIsRefused() throws Exception {
    // login CSRF: the attacker starts a login, then lures the victim to the callback with the attacker's code
    HttpResponse<String> attackerStart = SquallClient.to(port).get("/login/oidc");
    String callbackUrl = provider(attackerStart.headers().firstValue("location").orElseThrow());

    assertThat(callbackUrl).startsWith(browser.base() + "/login/oidc/callback?");
    HttpResponse<String> victim = browser.get(callbackUrl.substring(browser.base().length()));

    assertThat(victim.statusCode()).isEqualTo(403);
    assertThat(browser.get("/me").body()).isEqualTo("guest");
    assertThat(provider.exchanged()).isZero();
  }

  /** The provider's authorize page approves at once: where it sends the browser back. */
  private String provider(String authorizeUrl) {
    String site = provider.site();
    assertThat(authorizeUrl).startsWith(site + "/");
    HttpResponse<String> approve = SquallClient.to(site).get(authorizeUrl.substring(site.length()));
    assertThat(approve.statusCode()).as(approve.body()).isEqualTo(302);
    return approve.headers().firstValue("location").orElseThrow();
  }

}
