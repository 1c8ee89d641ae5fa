package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.testing.BridgeClient;
import io.squall.testing.SquallProcess;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Browsers on a 3-node cluster: what a browser on node A publishes reaches a subscriber on node C; a subscriber that
 * was away while 20 messages went by gets exactly those 20, in order, once, when it comes back on node B.
 */
class BridgeClusterIT {

  private static final String APP = "src/test/resources/descriptors/good/bridge-cluster-app.yaml";
  private static final String ROOM = "channel.room.it";
  private final List<SquallProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(SquallProcess::close);
  }

  private SquallProcess node(String name, String cluster) {
    SquallProcess p = SquallProcess.clusterMember(APP, cluster, "bridge,channels", "--bridge-port", "0").name(name)
        .start();
    processes.add(p);
    return p;
  }

  /** Publishes through the bridge as a browser would (send with a reply address): the reply is the stored seq. */
  private static long publish(BridgeClient browser, String text) {
    String reply = "r-" + UUID.randomUUID();
    browser.send(BridgeClient.request("squall.channels.publish", new JsonObject().put("channel", "room.it")
        .put("data", text), reply));
    JsonObject answer = browser.await(f -> reply.equals(f.getString("address")), Duration.ofSeconds(20));
    assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("rec");
    return answer.getJsonObject("body").getLong("seq");
  }

  @Test
  void browsersOnDifferentNodesShareAChannelAndAReturningSubscriberMissesNothing() throws Exception {
    String cluster = "squall-bridge-it-" + UUID.randomUUID();
    SquallProcess a = node("a", cluster);
    SquallProcess b = node("b", cluster);
    SquallProcess c = node("c", cluster);
    int portA = a.awaitReady().port("bridge");
    int portB = b.awaitReady().port("bridge");
    int portC = c.awaitReady().port("bridge");
    awaitCondition("three members", Duration.ofSeconds(60), () -> c.info().getInteger("members") == 3);

    try (BridgeClient publisher = BridgeClient.connect(portA)) {
      BridgeClient subscriber = BridgeClient.connect(portC).register(ROOM);
      // registration has no acknowledgement: publish until the subscriber on C hears one
      awaitCondition("the subscriber on C hears node A's browser", Duration.ofSeconds(30), () -> {
        try {
          publish(publisher, "hello?");
          return !subscriber.idle(Duration.ofMillis(300));
        } catch (Exception e) {
          return false;
        }
      });
      long last = publish(publisher, "hello from A");
      JsonObject heard;
      do {
        heard = subscriber.next(ROOM);
      } while (heard.getLong("seq") < last);
      assertThat(heard.getString("data")).isEqualTo("hello from A");
      subscriber.close();

      List<Long> missed = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        missed.add(publish(publisher, "while away " + i));
      }

      try (BridgeClient back = BridgeClient.connect(portB).register(ROOM, last)) {
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          JsonObject message = back.next(ROOM);
          got.add(message.getLong("seq"));
          assertThat(message.getString("data")).isEqualTo("while away " + i);
        }
        assertThat(got).isEqualTo(missed);
        assertThat(back.idle(Duration.ofSeconds(1))).as("nothing more, no duplicate").isTrue();
      }
    }
  }
}
