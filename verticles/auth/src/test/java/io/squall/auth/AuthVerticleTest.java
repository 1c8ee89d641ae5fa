package io.squall.auth;

import static io.squall.auth.AuthTesting.ask;
import static io.squall.auth.AuthTesting.await;
import static io.squall.auth.AuthTesting.credentials;
import static io.squall.auth.AuthTesting.login;
import static io.squall.auth.AuthTesting.refused;
import static io.squall.auth.AuthTesting.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.platform.Failures;
import io.squall.testing.SquallProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins, tokens and registration on one node, over the event bus, as the http verticle and the bridge use them. */
class AuthVerticleTest {

  @TempDir
  static Path dir;
  private static Vertx vertx;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    AuthTesting.deploy(vertx, AuthTesting.options(dir).setRegistration(true).setPasswordMinLength(12)
        // throttling has its own test; these tests fail on purpose, and more often than the limits allow
        .setMaxFailures(1000).setAccountDelayAfter(1000));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  @Test
  void theRightPasswordGivesATokenThatVerifiesAsTheUser() {
    JsonObject reply = login(vertx, "alice", "alice-secret", "10.0.0.1");

    JsonObject expectedUser = new JsonObject().put("id", "alice").put("name", "Alice")
        .put("roles", new JsonArray().add("user"));
    assertThat(reply.getJsonObject("user")).isEqualTo(expectedUser);
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(reply.getString("token"))).getJsonObject("user"))
        .isEqualTo(expectedUser);
  }

  @Test
  void userNamesAreNotCaseSensitive() {
    assertThat(login(vertx, "Alice", "alice-secret", "10.0.0.2").getJsonObject("user").getString("id")).isEqualTo("alice");
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameReply() {
    ReplyException wrongPassword = refused(vertx, Addresses.AUTH_LOGIN, credentials("root", "nope", "10.0.1.1"));
    ReplyException unknownUser = refused(vertx, Addresses.AUTH_LOGIN, credentials("nobody", "nope", "10.0.1.2"));

    assertThat(wrongPassword.failureCode()).isEqualTo(401).isEqualTo(unknownUser.failureCode());
    assertThat(wrongPassword.getMessage()).isEqualTo("invalid username or password").isEqualTo(unknownUser.getMessage());
  }

  @Test
  void aWrongPasswordAndAnUnknownUserTakeSimilarTime() {
    // both hash the attempt: an unknown user is checked against a decoy hash of the same cost
    List<Long> wrongPassword = new ArrayList<>();
    List<Long> unknownUser = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      wrongPassword.add(timeRefusal("root", "10.0.2." + i));
      unknownUser.add(timeRefusal("ghost" + i, "10.0.3." + i));
    }
    double ratio = (double) median(wrongPassword) / median(unknownUser);

    assertThat(ratio).as("wrong password %s ns vs unknown user %s ns", median(wrongPassword), median(unknownUser))
        // without the decoy an unknown user would answer in microseconds, not within a factor of two
        .isBetween(0.5, 2.0);
  }

  private static long timeRefusal(String username, String ip) {
    long start = System.nanoTime();
    refused(vertx, Addresses.AUTH_LOGIN, credentials(username, "wrong-password", ip));
    return System.nanoTime() - start;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  @Test
  void loginWithoutCredentialsIsABadRequest() {
    assertThat(refused(vertx, Addresses.AUTH_LOGIN, new JsonObject().put("username", "alice")).failureCode())
        .isEqualTo(400);
    assertThat(refused(vertx, Addresses.AUTH_LOGIN, credentials("alice", "x".repeat(5000), null)).failureCode())
        .isEqualTo(400);
  }

  @Test
  void logoutRevokesTheToken() {
    String token = login(vertx, "alice", "alice-secret", "10.0.4.1").getString("token");

    assertThat(ask(vertx, Addresses.AUTH_LOGOUT, token(token))).isEqualTo(new JsonObject());
    ReplyException refused = refused(vertx, Addresses.AUTH_VERIFY, token(token));
    assertThat(refused.failureCode()).isEqualTo(401);
    assertThat(refused.getMessage()).isEqualTo("the token was revoked");
  }

  @Test
  void refreshGivesANewTokenAndRevokesTheOldOne() {
    String old = login(vertx, "root", "root-secret-1", "10.0.5.1").getString("token");

    JsonObject refreshed = ask(vertx, Addresses.AUTH_REFRESH, token(old));

    assertThat(refreshed.getString("token")).isNotEqualTo(old);
    assertThat(refreshed.getJsonObject("user").getJsonArray("roles")).containsExactly("user", "admin");
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(refreshed.getString("token"))).getJsonObject("user")
        .getString("id")).isEqualTo("root");
    assertThat(refused(vertx, Addresses.AUTH_VERIFY, token(old)).getMessage()).isEqualTo("the token was revoked");
  }

  @Test
  void verifyTellsTheTokensIdAndExpirySoThatItsHoldersCanEndWithIt() {
    String token = login(vertx, "alice", "alice-secret", "10.0.5.4").getString("token");

    JsonObject verified = ask(vertx, Addresses.AUTH_VERIFY, token(token));

    assertThat(verified.getString("jti")).isEqualTo(Jwts.payload(token).getString("jti"));
    assertThat(verified.getLong("exp")).isEqualTo(Jwts.payload(token).getLong("exp"));
  }

  @Test
  void logoutAndRefreshAnnounceEveryTokenTheyRevokeToAllNodes() {
    List<String> announced = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> listener = vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_REVOKED,
        m -> announced.add(m.body().getString("jti")));
    await(listener.completion());
    String first = login(vertx, "alice", "alice-secret", "10.0.5.5").getString("token");

    String second = ask(vertx, Addresses.AUTH_REFRESH, token(first)).getString("token");
    ask(vertx, Addresses.AUTH_LOGOUT, token(second));

    SquallProcess.awaitCondition("two revocations announced", Duration.ofSeconds(10), () -> announced.size() == 2);
    assertThat(announced).containsExactly(Jwts.payload(first).getString("jti"), Jwts.payload(second).getString("jti"));
    await(listener.unregister());
  }

  @Test
  void twentyRefreshesOfOneTokenAtOnceGiveExactlyOneNewTokenAndNineteen401s() {
    String old = login(vertx, "alice", "alice-secret", "10.0.5.2").getString("token");

    List<Future<Message<JsonObject>>> refreshes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      refreshes.add(vertx.eventBus().request(Addresses.AUTH_REFRESH, token(old)));
    }
    await(Future.join(refreshes).otherwiseEmpty());

    List<String> fresh = refreshes.stream().filter(Future::succeeded)
        .map(f -> f.result().body().getString("token")).toList();
    assertThat(fresh).as("new tokens").hasSize(1);
    assertThat(refreshes.stream().filter(Future::failed).map(f -> ((ReplyException) f.cause()).failureCode()))
        .hasSize(19).containsOnly(401);
    assertThat(ask(vertx, Addresses.AUTH_VERIFY, token(fresh.get(0))).getJsonObject("user").getString("id"))
        .isEqualTo("alice");
    assertThat(refused(vertx, Addresses.AUTH_VERIFY, token(old)).getMessage()).isEqualTo("the token was revoked");
  }

  @Test
  void garbageIsNotAToken() {
    for (String garbage : new String[] {"", "abc", "a.b.c", "x".repeat(10_000)}) {
      ReplyException refused = refused(vertx, Addresses.AUTH_VERIFY, token(garbage));
      assertThat(refused.failureCode()).as(garbage).isEqualTo(401);
      assertThat(refused.getMessage()).isEqualTo("the token is not valid");
    }
  }

  @Test
  void registrationAddsAUserWhoCanLogInEverywhere() {
    JsonObject reply = ask(vertx, Addresses.AUTH_REGISTER, new JsonObject().put("username", "carol")
        .put("password", "correct horse battery").put("name", "Carol"));

    assertThat(reply.getJsonObject("user").getString("name")).isEqualTo("Carol");
    assertThat(reply.getJsonObject("user").getJsonArray("roles")).containsExactly("user");
    assertThat(login(vertx, "carol", "correct horse battery", "10.0.6.1").getJsonObject("user").getString("id"))
        .isEqualTo("carol");
  }

  @Test
  void registrationEnforcesPasswordRulesAndUniqueNames() {
    ReplyException tooShort = refused(vertx, Addresses.AUTH_REGISTER,
        new JsonObject().put("username", "dave").put("password", "short"));
    ReplyException containsName = refused(vertx, Addresses.AUTH_REGISTER,
        new JsonObject().put("username", "dave").put("password", "my name is dave!!"));
    ReplyException taken = refused(vertx, Addresses.AUTH_REGISTER,
        new JsonObject().put("username", "alice").put("password", "another long one"));
    ReplyException badName = refused(vertx, Addresses.AUTH_REGISTER,
        new JsonObject().put("username", "<script>").put("password", "another long one"));

    assertThat(tooShort.failureCode()).isEqualTo(400);
    assertThat(tooShort.getMessage()).isEqualTo("the password must have at least 12 characters");
    assertThat(containsName.getMessage()).isEqualTo("the password must not contain the user name");
    assertThat(taken.failureCode()).isEqualTo(Failures.CONFLICT);
    assertThat(badName.failureCode()).isEqualTo(400);
  }

  @Test
  void oidcAddressesSayItIsNotConfigured() {
    assertThat(refused(vertx, Addresses.AUTH_OIDC_START, new JsonObject()).failureCode()).isEqualTo(404);
  }
}
