package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.squall.testing.InJvmCluster;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two clustered Vert.x in this JVM, each with a channels verticle; requests go to one node's own verticle
 * (local-only sends), so the test knows which node handled what.
 */
class ClusterChannelsTest {

  private InJvmCluster cluster;

  @BeforeEach
  void start() {
    cluster = InJvmCluster.start(2);
    Bus.deploy(cluster.vertx(0), new ChannelsOptions());
    Bus.deploy(cluster.vertx(1), new ChannelsOptions());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  /** A request answered by {@code node}'s own channels verticle. */
  private JsonObject on(int node, String address, JsonObject body) {
    return await(Bus.ask(cluster.vertx(node), address, body, new DeliveryOptions().setLocalOnly(true)));
  }

  private JsonObject join(int node, String channel, String user, String socket, String bridgeNode) {
    return on(node, Addresses.CHANNELS_JOIN,
        new JsonObject().put("channel", channel).put("user", user).put("socket", socket).put("node", bridgeNode));
  }

  private static String nodeId(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager().getNodeId();
  }

  @Test
  void aMessagePublishedOnOneNodeIsDeliveredAndInHistoryOnTheOther() {
    try (Bus.Inbox onB = Bus.listen(cluster.vertx(1), Addresses.channel("lobby"))) {
      JsonObject published = on(0, Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", "lobby").put("data", "from a").put("from", "alice"));
      assertThat(published.getLong("seq")).isEqualTo(1);

      JsonObject delivered = onB.next();
      assertThat(delivered.getLong("seq")).isEqualTo(1);
      assertThat(delivered.getString("data")).isEqualTo("from a");
      assertThat(delivered.getString("from")).isEqualTo("alice");

      JsonObject history = on(1, Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", "lobby").put("since", 0));
      assertThat(history.getJsonArray("messages")).containsExactly(delivered);
      assertThat(history.getBoolean("complete")).isTrue();

      // one sequence per channel, whichever node stores
      assertThat(on(1, Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", "lobby").put("data", "from b"))
          .getLong("seq")).isEqualTo(2);
      assertThat(onB.next().getLong("seq")).isEqualTo(2);
    }
  }

  @Test
  void aNodeThatDiesTakesItsPresenceWithItWithinFifteenSeconds() {
    String a = nodeId(cluster.vertx(0));
    String b = nodeId(cluster.vertx(1));
    try (Bus.Inbox events = Bus.listen(cluster.vertx(0), Addresses.presence("room"))) {
      join(0, "room", "alice", "s1", b);
      join(1, "room", "carol", "s2", b);
      join(0, "room", "carol", "s3", a);
      join(1, "room", "bob", "s4", a);
      for (String user : new String[] {"alice", "carol", "bob"}) {
        assertThat(events.next().getString("user")).isEqualTo(user);
      }

      // B crashes: no leave from its bridge, no goodbye to the cluster
      HazelcastInstance hzB = await(ClusterStore.instance(cluster.vertx(1)));
      long killed = System.nanoTime();
      hzB.getLifecycleService().terminate();

      JsonObject leave = events.next(Duration.ofSeconds(15));
      long tookMs = (System.nanoTime() - killed) / 1_000_000;
      System.out.printf("presence of a killed node removed after %d ms%n", tookMs);
      assertThat(leave.getString("type")).isEqualTo("leave");
      assertThat(leave.getString("user")).isEqualTo("alice");
      JsonArray members = on(0, Addresses.CHANNELS_PRESENCE, new JsonObject().put("channel", "room"))
          .getJsonArray("members");
      assertThat(members.stream().map(m -> ((JsonObject) m).getString("user")).toList())
          .as("carol keeps her socket on A").containsExactly("carol", "bob");
      assertThat(events.pending()).isZero();
    }
  }

  @Test
  void aJoinMustNameANodeOfTheClusterByItsVertxNodeId() {
    String a = nodeId(cluster.vertx(0));
    HazelcastInstance hzA = await(ClusterStore.instance(cluster.vertx(0)));
    assertThat(Presence.nodeId(hzA.getCluster().getLocalMember())).isEqualTo(a)
        .as("vertx-hazelcast's node id is its own, not the member UUID")
        .isNotEqualTo(hzA.getCluster().getLocalMember().getUuid().toString());

    join(1, "room", "alice", "s1", a);
    var refused = failure(Bus.ask(cluster.vertx(1), Addresses.CHANNELS_JOIN, new JsonObject().put("channel", "room")
        .put("user", "mallory").put("socket", "s2").put("node", "gone-node"), new DeliveryOptions().setLocalOnly(true)));
    assertThat(refused.failureCode()).isEqualTo(409);
    assertThat(refused.getMessage()).isEqualTo("node gone-node is not a member of the cluster");
  }
}
