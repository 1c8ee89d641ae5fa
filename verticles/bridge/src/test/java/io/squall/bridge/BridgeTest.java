package io.squall.bridge;

import static io.squall.bridge.Bridges.permit;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.platform.Sessions;
import io.squall.testing.BridgeClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge over a raw WebSocket: permissions, identity, replies and drain. Hostile input (floods, forged identity,
 * denied addresses, protocol abuse) is in BridgeAbuseTest and WebSocketProtocolSecurityTest.
 */
class BridgeTest {

  private Vertx vertx;
  private final List<Message<Object>> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Bridges.fakeAuth(vertx);
    vertx.eventBus().consumer("in.orders", received::add);
  }

  @AfterEach
  void stop() {
    Bridges.await(vertx.close());
  }

  private BridgeOptions open() {
    return new BridgeOptions().setAnonymous(true).addInbound(permit("in.orders")).addOutbound(permit("out.news"));
  }

  @Test
  void aPermittedPublishReachesTheBusAndPermittedMessagesReachTheBrowser() {
    int port = Bridges.deploy(vertx, open());
    BridgeClient client = BridgeClient.connect(port);
    client.register("out.news").publish("in.orders", new JsonObject().put("n", 1));
    SquallAwait.until("the order arrived", () -> received.size() == 1);

    vertx.eventBus().publish("out.news", new JsonObject().put("headline", "hi"));

    assertThat(client.awaitRec("out.news").getJsonObject("body")).isEqualTo(new JsonObject().put("headline", "hi"));
    assertThat(received.get(0).body()).isEqualTo(new JsonObject().put("n", 1));
  }

  @Test
  void anUnauthenticatedSocketIsRefusedWhenAuthIsRequired() {
    int port = Bridges.deploy(vertx, open().setAnonymous(false));
    BridgeClient guest = BridgeClient.connect(port);

    guest.publish("in.orders", "x").awaitErr("not_logged_in");

    assertThat(guest.awaitClose(Duration.ofSeconds(5))).isEqualTo(1008);
    assertThat(received).isEmpty();
  }

  @Test
  void aBadTokenAtConnectIsRefusedAndClosed() {
    int port = Bridges.deploy(vertx, open().setAnonymous(false));
    BridgeClient forged = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=forged"));

    forged.awaitErr("auth_failed");

    assertThat(forged.awaitClose(Duration.ofSeconds(5))).isEqualTo(1008);
  }

  @Test
  void aTokenInTheFirstFrameAuthenticatesTheSocket() {
    int port = Bridges.deploy(vertx, open().setAnonymous(false));
    BridgeClient client = BridgeClient.connect(port);

    client.send(new JsonObject().put("type", "publish").put("address", "in.orders").put("body", "first")
        .put("headers", new JsonObject().put("token", "t-bob")));
    SquallAwait.until("the order arrived", () -> received.size() == 1);

    assertThat(received.get(0).headers().get(Addresses.HEADER_USER)).isEqualTo("bob");
    assertThat(received.get(0).headers().contains("token")).as("the token is not passed on").isFalse();
  }

  @Test
  void theHttpSessionCookieAuthenticatesTheSocket() {
    SessionStore store = Sessions.store(vertx);
    Session session = store.createSession(60_000);
    session.put(Sessions.USER, new JsonObject().put("id", "carol").put("roles", new io.vertx.core.json.JsonArray().add("user")));
    Bridges.await(store.put(session));
    int port = Bridges.deploy(vertx, open().setAnonymous(false));

    BridgeClient client = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"),
        Map.of("Cookie", "other=1; " + Sessions.DEFAULT_COOKIE + "=" + session.id()));
    client.publish("in.orders", "x");
    SquallAwait.until("the order arrived", () -> received.size() == 1);

    assertThat(received.get(0).headers().get(Addresses.HEADER_USER)).isEqualTo("carol");
  }

  @Test
  void userAddressTemplatesLetEachUserHearOnlyTheirOwn() {
    int port = Bridges.deploy(vertx, new BridgeOptions().addOutbound(permit("user.{user}.inbox")));
    BridgeClient alice = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"));

    alice.register("user.bob.inbox");
    JsonObject denied = alice.await(f -> "err".equals(f.getString("type")));
    alice.registered(vertx.eventBus(), "user.alice.inbox");
    vertx.eventBus().send("user.alice.inbox", "for alice");

    assertThat(denied.getString("address")).isEqualTo("user.bob.inbox");
    assertThat(alice.awaitRec("user.alice.inbox").getString("body")).isEqualTo("for alice");
  }

  @Test
  void matchPermitsCheckTheBodyBothWays() {
    int port = Bridges.deploy(vertx, new BridgeOptions().setAnonymous(true)
        .addInbound(new PermitOptions().setAddress("in.orders").setMatch(new JsonObject().put("kind", "order")))
        .addOutbound(new PermitOptions().setAddress("out.news").setMatch(new JsonObject().put("public", true))));
    BridgeClient client = BridgeClient.connect(port);

    client.publish("in.orders", new JsonObject().put("kind", "refund")).awaitErr("access_denied");
    client.publish("in.orders", new JsonObject().put("kind", "order").put("item", "tea"));
    SquallAwait.until("the order arrived", () -> received.size() == 1);
    client.register("out.news");
    // probes cannot come back (they do not match): publish until a matching one does
    SquallAwait.until("a public message arrives", () -> {
      vertx.eventBus().publish("out.news", new JsonObject().put("public", false).put("n", "secret"));
      vertx.eventBus().publish("out.news", new JsonObject().put("public", true).put("n", "open"));
      return client.pending().stream().anyMatch(f -> "rec".equals(f.getString("type")));
    });

    assertThat(received.get(0).body()).isEqualTo(new JsonObject().put("kind", "order").put("item", "tea"));
    assertThat(client.pending()).allSatisfy(f -> assertThat(f.getJsonObject("body").getString("n")).isEqualTo("open"));
  }

  @Test
  void aRoleRequirementIsEnforced() {
    int port = Bridges.deploy(vertx, new BridgeOptions()
        .addInbound(new PermitOptions().setAddress("in.orders").setRole("admin")));
    BridgeClient alice = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"));
    BridgeClient root = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-root"));

    alice.publish("in.orders", "from alice").awaitErr("access_denied");
    root.publish("in.orders", "from root");
    SquallAwait.until("root's order arrived", () -> received.size() == 1);

    assertThat(received.get(0).body()).isEqualTo("from root");
  }

  @Test
  void aRequestFromTheBrowserGetsItsReplyAndOnlyOfferedReplyAddressesAreOpen() {
    vertx.eventBus().<String>consumer("in.ask", m -> m.reply("answer to " + m.body()));
    vertx.eventBus().<String>consumer("out.news.ask", m -> { });
    int port = Bridges.deploy(vertx, open().addInbound(permit("in.ask")));
    BridgeClient client = BridgeClient.connect(port);

    client.send(new JsonObject().put("type", "send").put("address", "in.ask").put("body", "q").put("replyAddress", "r1"));
    JsonObject reply = client.awaitRec("r1");
    client.send(new JsonObject().put("type", "send").put("address", "made.up.reply").put("body", "x"));

    assertThat(reply.getString("body")).isEqualTo("answer to q");
    client.awaitErr("access_denied");
  }

  @Test
  void theBrowserCanAnswerAMessageThatAsksForAReply() {
    int port = Bridges.deploy(vertx, open());
    BridgeClient client = BridgeClient.connect(port).registered(vertx.eventBus(), "out.news");

    var answer = vertx.eventBus().<String>request("out.news", "ping?");
    JsonObject asked = client.awaitRec("out.news");
    client.send(new JsonObject().put("type", "send").put("address", asked.getString("replyAddress")).put("body", "pong"));

    assertThat(Bridges.await(answer).body()).isEqualTo("pong");
  }

  @Test
  void aSocketThatSendsNothingForPingTimeoutIsClosedWhileAPingingOneStays() {
    int port = Bridges.deploy(vertx, open().setPingTimeout(1000));
    BridgeClient silent = BridgeClient.connect(port);
    BridgeClient pinging = BridgeClient.connect(port);
    long pinger = vertx.setPeriodic(200, id -> pinging.sendText("{\"type\":\"ping\"}"));

    assertThat(silent.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
    assertThat(silent.closeReason()).isEqualTo("ping timeout");
    pinging.publish("in.orders", "still here");
    SquallAwait.until("the pinging socket still works", () -> received.size() == 1);
    vertx.cancelTimer(pinger);
    assertThat(pinging.closeStatus()).isNull();
  }

  @Test
  void undeployingTellsEverySocketToReconnect() {
    int port = Bridges.deploy(vertx, open());
    BridgeClient client = BridgeClient.connect(port);
    client.publish("in.orders", "hello");
    SquallAwait.until("the order arrived", () -> received.size() == 1);

    Bridges.await(vertx.undeploy(vertx.deploymentIDs().iterator().next()));

    client.await(f -> "reconnect".equals(f.getString("type")));
    assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
  }
}
