package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.failure;
import static io.squall.channels.Bus.history;
import static io.squall.channels.Bus.publish;
import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.HazelcastInstance;
import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A channel nobody publishes to for historyTtl (1 s here) is destroyed, proxy included; one created again goes on
 * above its old seqs, so a subscriber that kept its last seq neither drops new messages nor misses any.
 */
class IdleChannelsTest {

  /** Entry TTL (1 s + 2 x 1 s), Hazelcast's expiry sweep (every 5 s) and the destroy, with room to spare. */
  private static final Duration DESTROYED_WITHIN = Duration.ofSeconds(30);

  private Vertx vertx;
  private HazelcastInstance hz;
  private final Set<String> destroyed = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void deploy() {
    vertx = Vertx.vertx();
    Bus.deploy(vertx, new ChannelsOptions().setHistoryTtl(1).setMaxChannels(2));
    hz = await(ClusterStore.instance(vertx));
    hz.addDistributedObjectListener(new DistributedObjectListener() {
      @Override
      public void distributedObjectCreated(DistributedObjectEvent event) {
      }

      @Override
      public void distributedObjectDestroyed(DistributedObjectEvent event) {
        destroyed.add(event.getObjectName().toString());
      }
    });
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private void awaitDestroyed(String channel) {
    awaitCondition(channel + " destroyed", DESTROYED_WITHIN, () -> destroyed.contains(Store.RINGBUFFER_PREFIX + channel)
        && hz.getMap(LiveChannels.MAP).get(channel) == null);
  }

  @Test
  void aChannelWithNoMessageForItsHistoryTtlIsDestroyedWithItsProxy() {
    publish(vertx, "quiet", "hello");
    assertThat(ChannelLimitTest.ringbuffers(hz)).isEqualTo(1);

    awaitDestroyed("quiet");

    assertThat(ChannelLimitTest.ringbuffers(hz)).as("no ringbuffer and no proxy left").isZero();
    JsonObject empty = history(vertx, new JsonObject().put("channel", "quiet"));
    assertThat(empty.getJsonArray("messages")).isEmpty();
    assertThat(ChannelLimitTest.ringbuffers(hz)).as("reading a destroyed channel does not bring it back").isZero();
  }

  @Test
  void aChannelCreatedAgainGoesOnAboveItsOldSeqsAndAClientWithTheLastOneMissedNothing() {
    for (int i = 1; i <= 3; i++) {
      assertThat(publish(vertx, "again", "old " + i)).isEqualTo(i);
    }
    awaitDestroyed("again");

    long seq;
    try (Bus.Inbox live = Bus.listen(vertx, Addresses.channel("again"))) {
      seq = publish(vertx, "again", "new");

      assertThat(seq).as("above every seq the channel had: a subscriber that saw 3 takes it").isGreaterThan(3);
      assertThat(live.next().getLong("seq")).isEqualTo(seq);
    }
    JsonObject fromLast = history(vertx, new JsonObject().put("channel", "again").put("since", 3));
    assertThat(fromLast.getBoolean("complete")).as("the client had the last message before the destroy").isTrue();
    assertThat(fromLast.getJsonArray("messages")).extracting(m -> ((JsonObject) m).getString("data"))
        .containsExactly("new");
    assertThat(fromLast.getJsonArray("messages").getJsonObject(0).getLong("seq")).as("history's seq is the published one")
        .isEqualTo(seq);
    assertThat(history(vertx, new JsonObject().put("channel", "again").put("since", 2)).getBoolean("complete"))
        .as("seq 3 expired unseen by this client").isFalse();
    JsonObject fromStart = history(vertx, new JsonObject().put("channel", "again").put("since", 0));
    assertThat(fromStart.getBoolean("complete")).as("a client new to the channel misses nothing of its new life").isTrue();
    assertThat(fromStart.getJsonArray("messages")).hasSize(1);
  }

  @Test
  void aDestroyedChannelFreesItsPlaceUnderTheLimitWhileABusyOneIsKept() {
    publish(vertx, "idle", "once");
    long busy = vertx.setPeriodic(200, t -> Bus.ask(vertx, Addresses.CHANNELS_PUBLISH,
        new JsonObject().put("channel", "busy").put("data", "tick"), new io.vertx.core.eventbus.DeliveryOptions()));
    try {
      awaitCondition("busy to exist", DESTROYED_WITHIN, () -> ChannelLimitTest.ringbuffers(hz) == 2);
      assertThat(failure(vertx, Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", "third").put("data", "x"))
          .failureCode()).as("two channels, the limit").isEqualTo(503);

      awaitDestroyed("idle");

      assertThat(destroyed).as("the busy channel outlived the idle one").doesNotContain(Store.RINGBUFFER_PREFIX + "busy");
      assertThat(publish(vertx, "third", "now there is room")).isPositive();
    } finally {
      vertx.cancelTimer(busy);
    }
  }
}
