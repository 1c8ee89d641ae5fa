package io.squall.bridge;

import static io.squall.bridge.Bridges.permit;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.BridgeClient;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sockets whose login ends are told why and closed, on a node running the real auth, http and bridge verticles: their
 * token deleted, refreshed or expired, or the form login whose session cookie opened them logged out. (An outside
 * probe found such sockets still posting as the user after each of these, 20 s after expiry too.)
 */
class RevokedSocketTest {

  /** What "within 2 s of a revocation anywhere" allows. */
  private static final Duration PROMPTLY = Duration.ofSeconds(2);

  @TempDir
  Path dir;
  private Vertx vertx;
  private int bridge;
  private LoginClient http;

  private void start(int tokenTtl) {
    vertx = Vertx.vertx();
    http = new LoginClient(LoginServices.deploy(vertx, dir, tokenTtl));
    bridge = Bridges.deploy(vertx, new BridgeOptions().addInbound(permit("in.whoami")));
    vertx.eventBus().consumer("in.whoami", m -> m.reply(m.headers().get(Addresses.HEADER_USER)));
  }

  @AfterEach
  void stop() {
    Bridges.await(vertx.close());
  }

  private BridgeClient withToken(String token) {
    return BridgeClient.connect(URI.create("ws://127.0.0.1:" + bridge + "/eventbus/websocket?token=" + token));
  }

  /** The socket is open and posts as alice: in.whoami answers with the user the bridge vouched for. */
  private static void assertPostsAsAlice(BridgeClient socket) {
    String replyAddress = "r" + UUID.randomUUID();
    socket.send(new JsonObject().put("type", "send").put("address", "in.whoami").put("body", "?")
        .put("replyAddress", replyAddress));
    assertThat(socket.awaitRec(replyAddress).getString("body")).isEqualTo("alice");
  }

  /** The reason frame, then the close (1008), both within {@code timeout}. */
  private static void assertEndedWith(BridgeClient socket, String reason, Duration timeout) {
    socket.await(f -> "err".equals(f.getString("type")) && reason.equals(f.getString("body")), timeout);
    assertThat(socket.awaitClose(PROMPTLY)).isEqualTo(1008);
    assertThat(socket.closeReason()).isEqualTo(reason);
  }

  @Test
  void aSocketIsToldAndClosedWithinTwoSecondsOfItsTokenBeingDeletedWhileAnotherTokensSocketStays() {
    start(3600);
    String deleted = http.token();
    BridgeClient socket = withToken(deleted);
    BridgeClient other = withToken(http.token());
    assertPostsAsAlice(socket);

    http.deleteToken(deleted);

    assertEndedWith(socket, "token_revoked", PROMPTLY);
    assertPostsAsAlice(other);
  }

  @Test
  void aSocketOpenedByASessionCookieIsToldAndClosedWithinTwoSecondsOfTheFormLogout() {
    start(3600);
    BridgeClient socket = BridgeClient.connect(URI.create("ws://127.0.0.1:" + bridge + "/eventbus/websocket"),
        LoginClient.withSession(http.formLogin()));
    assertPostsAsAlice(socket);

    http.formLogout();

    assertEndedWith(socket, "logged_out", PROMPTLY);
  }

  @Test
  void aSocketIsToldAndClosedWhenItsTokenExpires() {
    start(3);
    String token = http.token();
    long expiresAt = LoginClient.claims(token).getLong("exp") * 1000;
    BridgeClient socket = withToken(token);
    assertPostsAsAlice(socket);

    socket.await(f -> "token_expired".equals(f.getString("body")),
        Duration.ofMillis(expiresAt - System.currentTimeMillis()).plus(PROMPTLY));
    long toldAt = System.currentTimeMillis();

    assertThat(toldAt).as("told at the expiry, not before").isBetween(expiresAt, expiresAt + 1000);
    assertThat(socket.awaitClose(PROMPTLY)).isEqualTo(1008);
    assertThat(socket.closeReason()).isEqualTo("token_expired");
  }

  @Test
  void aRefreshClosesTheSocketsOfTheOldTokenAndNotThoseOfTheNewOne() {
    start(3600);
    String old = http.token();
    BridgeClient socket = withToken(old);
    assertPostsAsAlice(socket);

    BridgeClient renewed = withToken(http.refresh(old));

    assertEndedWith(socket, "token_revoked", PROMPTLY);
    assertPostsAsAlice(renewed);
  }

  @Test
  void aSockJsSessionGetsTheReasonThenItsCloseFrameWhenItsTokenIsDeleted() {
    start(3600);
    String token = http.token();
    try (RawWebSocket sockJs = RawWebSocket.open(bridge, "/eventbus/000/" + UUID.randomUUID() + "/websocket?token=" + token)) {
      assertThat(sockJs.awaitText(PROMPTLY)).isEqualTo("o");
      sockJs.text(new JsonArray().add(new JsonObject().put("type", "send").put("address", "in.whoami").put("body", "?")
          .put("replyAddress", "r").encode()).encode());
      assertThat(sockJsFrame(sockJs.awaitText(PROMPTLY)).getString("body")).isEqualTo("alice");

      http.deleteToken(token);

      assertThat(sockJsFrame(sockJs.awaitText(PROMPTLY)))
          .isEqualTo(new JsonObject().put("type", "err").put("body", "token_revoked"));
      // Vert.x's SockJS sessions close with SockJS's own code and reason whatever the server asks for
      assertThat(sockJs.awaitText(PROMPTLY)).isEqualTo("c[3000,\"Go away!\"]");
    }
  }

  /** The one bridge frame in a SockJS message frame ({@code a["..."]}). */
  private static JsonObject sockJsFrame(String text) {
    assertThat(text).startsWith("a[");
    return new JsonObject(new JsonArray(text.substring(1)).getString(0));
  }

  @Test
  void aSocketWhoseTokenIsRevokedWhileItIsBeingVerifiedIsClosedOnceVerified() {
    vertx = Vertx.vertx();
    Promise<Message<JsonObject>> verifying = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_VERIFY, verifying::tryComplete);
    bridge = Bridges.deploy(vertx, new BridgeOptions());
    BridgeClient socket = withToken("stolen");
    Message<JsonObject> verify = Bridges.await(verifying.future());

    // the revocation overtakes the answer, which came from a copy of the revocation list that it had not reached
    vertx.eventBus().publish(Addresses.AUTH_REVOKED, new JsonObject().put("jti", "j1"));
    verify.reply(new JsonObject().put("user", new JsonObject().put("id", "alice").put("roles", new JsonArray()))
        .put("jti", "j1").put("exp", System.currentTimeMillis() / 1000 + 3600));

    assertEndedWith(socket, "token_revoked", PROMPTLY);
  }
}
