package io.squall.bridge;

import static io.squall.bridge.Bridges.permit;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.BridgeClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser that stops reading must not hold the node's memory nor slow its neighbours: past writeQueueSize it is
 * closed (default) or loses its oldest frames with a {@code lagged} notice, while a reading neighbour gets everything.
 */
class SlowConsumerTest {

  private static final int MESSAGES = 600;
  private static final String PAYLOAD = "x".repeat(16 * 1024);

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Bridges.await(vertx.close());
  }

  private int bridge(BridgeOptions.SlowConsumerPolicy policy) {
    return Bridges.deploy(vertx, new BridgeOptions().setAnonymous(true).addOutbound(permit("out.feed"))
        .setWriteQueueSize(64 * 1024).setSlowConsumer(policy));
  }

  /**
   * ~10 MB through the bridge, more than a paused client's socket buffers absorb, two messages at a time: the fast
   * neighbour reads each pair before the next is sent (a reader that keeps up), and must get every message in order.
   */
  private void floodWhileTheFastOneKeepsUp(BridgeClient fast) {
    for (int i = 0; i < MESSAGES; i += 2) {
      for (int n = i; n < i + 2; n++) {
        vertx.eventBus().publish("out.feed", new JsonObject().put("n", n).put("pad", PAYLOAD));
      }
      for (int n = i; n < i + 2; n++) {
        JsonObject frame = fast.await(f -> "rec".equals(f.getString("type")), Duration.ofSeconds(30));
        assertThat(frame.getJsonObject("body").getInteger("n")).isEqualTo(n);
        fast.seen().clear();
      }
    }
  }

  @Test
  void aConsumerThatStopsReadingIsClosedWhileItsNeighbourGetsEveryMessage() {
    int port = bridge(BridgeOptions.SlowConsumerPolicy.CLOSE);
    BridgeClient slow = BridgeClient.connect(port).registered(vertx.eventBus(), "out.feed");
    BridgeClient fast = BridgeClient.connect(port).registered(vertx.eventBus(), "out.feed");
    slow.pause();

    floodWhileTheFastOneKeepsUp(fast);

    slow.resume();
    assertThat(slow.awaitClose(Duration.ofSeconds(20))).isEqualTo(1008);
    assertThat(slow.closeReason()).startsWith("slow consumer");
  }

  @Test
  void withDropOldestTheSlowConsumerLosesFramesAndIsToldHowMany() {
    int port = bridge(BridgeOptions.SlowConsumerPolicy.DROP_OLDEST);
    BridgeClient slow = BridgeClient.connect(port).registered(vertx.eventBus(), "out.feed");
    BridgeClient fast = BridgeClient.connect(port).registered(vertx.eventBus(), "out.feed");
    slow.pause();

    floodWhileTheFastOneKeepsUp(fast);
    slow.resume();

    JsonObject lagged = slow.awaitErr("lagged");
    assertThat(lagged.getInteger("dropped")).isPositive();
    assertThat(slow.closeStatus()).isNull();
    JsonObject last = slow.await(f -> "rec".equals(f.getString("type"))
        && f.getJsonObject("body").getInteger("n") == MESSAGES - 1, Duration.ofSeconds(20));
    assertThat(last).isNotNull();
  }
}
