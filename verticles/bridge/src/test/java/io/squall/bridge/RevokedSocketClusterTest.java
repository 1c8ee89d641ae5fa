package io.squall.bridge;

import static io.squall.bridge.Bridges.permit;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Sessions;
import io.squall.testing.BridgeClient;
import io.squall.testing.InJvmCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logout ends sockets on every node: auth and http on one member of a cluster, the bridge on the other; a token
 * deleted and a form logout on the first close, within 2 s, the sockets they opened on the second.
 */
class RevokedSocketClusterTest {

  private static final Duration PROMPTLY = Duration.ofSeconds(2);

  @TempDir
  static Path dir;
  private static InJvmCluster cluster;
  private static LoginClient http;
  private static int bridge;

  @BeforeAll
  static void start() {
    cluster = InJvmCluster.start(2);
    http = new LoginClient(LoginServices.deploy(cluster.vertx(0), dir, 3600));
    bridge = Bridges.deploy(bridgeNode(), new BridgeOptions().addInbound(permit("in.ping")));
    bridgeNode().eventBus().consumer("in.ping", m -> m.reply("pong"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Vertx bridgeNode() {
    return cluster.vertx(1);
  }

  private static void assertOpen(BridgeClient socket) {
    socket.send(new JsonObject().put("type", "send").put("address", "in.ping").put("body", "?").put("replyAddress", "r"));
    assertThat(socket.awaitRec("r").getString("body")).isEqualTo("pong");
  }

  private static void assertEndedWithin2s(BridgeClient socket, String reason) {
    socket.await(f -> reason.equals(f.getString("body")), PROMPTLY);
    assertThat(socket.awaitClose(PROMPTLY)).isEqualTo(1008);
  }

  @Test
  void aTokenDeletedOnOneNodeClosesItsSocketOnAnother() {
    String token = http.token();
    BridgeClient socket = BridgeClient.connect(URI.create("ws://127.0.0.1:" + bridge + "/eventbus/websocket?token=" + token));
    assertOpen(socket);

    http.deleteToken(token);

    assertEndedWithin2s(socket, "token_revoked");
  }

  @Test
  void aFormLogoutOnOneNodeClosesTheSessionsSocketOnAnother() {
    String session = http.formLogin();
    // Vert.x stores a session once the response has gone (its handler does not wait for the store): a socket that
    // another node opens at once can find none yet
    SquallAwait.until("the login's session is in the cluster's store",
        () -> Bridges.await(Sessions.store(bridgeNode()).get(session)) != null);
    BridgeClient socket = BridgeClient.connect(URI.create("ws://127.0.0.1:" + bridge + "/eventbus/websocket"),
        LoginClient.withSession(session));
    assertOpen(socket);

    http.formLogout();

    assertEndedWithin2s(socket, "logged_out");
  }
}
