package io.squall.bridge;

import static io.squall.bridge.Bridges.permit;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Failures;
import io.squall.testing.BridgeClient;
import io.squall.testing.InJvmCluster;
import io.squall.testing.SquallProcess;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser's request through the bridge whose backend dies while it waits: with an {@code idempotency-key} header
 * it is answered by another backend, without one it gets an {@code err} frame 503 {@code node_lost}, as soon as the
 * bridge's node sees the loss. Three in-JVM members: 0 runs the bridge, 1 holds requests unanswered, 2 answers.
 */
class BridgeNodeLossTest {

  private InJvmCluster cluster;
  private final AtomicInteger held = new AtomicInteger();
  private BridgeClient browser;

  @BeforeEach
  void start() {
    cluster = InJvmCluster.start(3);
    Bridges.await(cluster.vertx(1).eventBus().consumer("in.svc", m -> held.incrementAndGet()).completion());
    int port = Bridges.deploy(cluster.vertx(0), new BridgeOptions().setAnonymous(true).addInbound(permit("in.svc")));
    browser = BridgeClient.connect(port);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aSendWithAnIdempotencyKeyWhoseBackendDiesIsAnsweredByAnother() {
    sendHeld("r1", new JsonObject().put("idempotency-key", "k1"));
    serveOnMember2();

    killMember1();

    JsonObject reply = browser.awaitRec("r1");
    assertThat(reply.getJsonObject("body")).isEqualTo(new JsonObject().put("from", 2).put("key", "k1"));
  }

  @Test
  void aSendWithoutOneWhoseBackendDiesGetsAnErrFrame503NodeLost() {
    sendHeld("r2", new JsonObject());
    serveOnMember2();

    killMember1();

    JsonObject err = browser.await(f -> "err".equals(f.getString("type")) && "r2".equals(f.getString("address")),
        Duration.ofSeconds(10));
    assertThat(err.getInteger("failureCode")).isEqualTo(503);
    assertThat(err.getString("message")).isEqualTo(Failures.NODE_LOST);
  }

  private void sendHeld(String replyAddress, JsonObject headers) {
    browser.send(new JsonObject().put("type", "send").put("address", "in.svc").put("body", new JsonObject())
        .put("replyAddress", replyAddress).put("headers", headers));
    SquallAwait.until("member 1 holds the request", () -> held.get() == 1);
  }

  /** Member 2 answers too; member 0 has talked to it already, as a bridge node has with its backends. */
  private void serveOnMember2() {
    Bridges.await(cluster.vertx(2).eventBus().<JsonObject>consumer("in.svc",
        m -> m.reply(new JsonObject().put("from", 2).put("key", m.headers().get("idempotency-key")))).completion());
    Bridges.await(cluster.vertx(2).eventBus().consumer("warm", m -> m.reply("ok")).completion());
    Bridges.await(cluster.vertx(0).eventBus().request("warm", "hi"));
  }

  /** Kills member 1 and waits until member 0 no longer lists it: in one JVM that takes a heartbeat or so. */
  private void killMember1() {
    ClusterManager manager = ((VertxInternal) cluster.vertx(0)).clusterManager();
    String nodeId = ((VertxInternal) cluster.vertx(1)).clusterManager().getNodeId();
    cluster.kill(1);
    SquallProcess.awaitCondition("member 0 sees member 1 gone", Duration.ofSeconds(15),
        () -> !manager.getNodes().contains(nodeId));
  }
}
