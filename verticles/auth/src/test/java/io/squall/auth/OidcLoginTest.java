package io.squall.auth;

import static io.squall.auth.AuthTesting.ask;
import static io.squall.auth.AuthTesting.await;
import static io.squall.auth.AuthTesting.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.OidcTestProvider;
import io.squall.testing.SquallClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorization-code flow with PKCE against a provider the test serves on loopback, over the event bus. */
class OidcLoginTest {

  private static final String CALLBACK = "http://127.0.0.1:1/login/oidc/callback";

  @TempDir
  Path dir;
  private Vertx vertx;
  private OidcTestProvider provider;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    provider = await(OidcTestProvider.start(vertx, "squall-chat", "client-secret-for-tests", new JsonObject()
        .put("sub", "42").put("name", "Grace Hopper").put("preferred_username", "grace")
        .put("roles", new JsonArray().add("moderator"))));
    Path secret = AuthTesting.write(dir.resolve("oidc-secret"), "client-secret-for-tests\n");
    AuthTesting.deploy(vertx, AuthTesting.options(dir).setOidc(new OidcOptions().setSite(provider.site())
        .setClientId("squall-chat").setClientSecretFile(secret.toString()).setRedirectUri(CALLBACK)));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  /** What the browser does between start and callback: follow the authorize URL to the redirect back. */
  private MultiMap authorize(String url) {
    String site = provider.site();
    assertThat(url).startsWith(site + "/");
    HttpResponse<String> response = SquallClient.to(site).get(url.substring(site.length()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    String location = response.headers().firstValue("location").orElseThrow();
    assertThat(location).startsWith(CALLBACK + "?");
    return HttpUtils.params(location, StandardCharsets.UTF_8, false);
  }

  @Test
  void aUserSignsInAtTheProviderAndGetsASquallTokenWithMappedClaims() throws Exception {
    JsonObject started = ask(vertx, Addresses.AUTH_OIDC_START, new JsonObject().put("next", "/rooms/lobby"));
    assertThat(started.getString("url")).startsWith(provider.site() + "/authorize?")
        .contains("code_challenge_method=S256").contains("state=" + started.getString("state"));

    MultiMap back = authorize(started.getString("url"));
    JsonObject done = ask(vertx, Addresses.AUTH_OIDC_CALLBACK,
        new JsonObject().put("code", back.get("code")).put("state", back.get("state")));

    JsonObject user = new JsonObject().put("id", "oidc:42").put("name", "Grace Hopper")
        .put("roles", new JsonArray().add("user").add("moderator"));
    assertThat(done.getJsonObject("user")).isEqualTo(user);
    assertThat(done.getString("next")).isEqualTo("/rooms/lobby");
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, AuthTesting.token(done.getString("token"))).getJsonObject("user"))
        .isEqualTo(user);
    assertThat(provider.exchanged()).isEqualTo(1);
  }

  @Test
  void aStateIsGoodForOneLoginOnly() throws Exception {
    JsonObject started = ask(vertx, Addresses.AUTH_OIDC_START, new JsonObject());
    MultiMap back = authorize(started.getString("url"));
    JsonObject callback = new JsonObject().put("code", back.get("code")).put("state", back.get("state"));
    ask(vertx, Addresses.AUTH_OIDC_CALLBACK, callback);

    var replay = refused(vertx, Addresses.AUTH_OIDC_CALLBACK, callback);

    assertThat(replay.failureCode()).isEqualTo(400);
    assertThat(replay.getMessage()).contains("expired or was already used");
  }

  @Test
  void aStateThatWasNeverIssuedIsRefused() {
    var refused = refused(vertx, Addresses.AUTH_OIDC_CALLBACK,
        new JsonObject().put("code", "whatever").put("state", "forged-state"));

    assertThat(refused.failureCode()).isEqualTo(400);
  }

  @Test
  void aCodeTheProviderDidNotIssueIsRefusedAt401() throws Exception {
    JsonObject started = ask(vertx, Addresses.AUTH_OIDC_START, new JsonObject());
    MultiMap back = authorize(started.getString("url"));

    var refused = refused(vertx, Addresses.AUTH_OIDC_CALLBACK,
        new JsonObject().put("code", back.get("code") + "x").put("state", back.get("state")));

    assertThat(refused.failureCode()).isEqualTo(401);
    assertThat(refused.getMessage()).isEqualTo("the identity provider refused the login");
    assertThat(provider.refused()).isEqualTo(1);
  }
}
