package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.failure;
import static io.squall.channels.Bus.history;
import static io.squall.channels.Bus.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publishes that name their {@code id} (an idempotency key): a repeat gets the stored seq and stores nothing, on a
 * standalone node. The states a dying member leaves behind (its claim, with or without its record) are written into
 * the store by hand, as {@code HistoryTest} does for a retried add's copy.
 */
class IdempotentPublishTest {

  private static final AtomicInteger CHANNELS = new AtomicInteger();
  private static Vertx vertx;
  private static HazelcastInstance hz;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    Bus.deploy(vertx, new ChannelsOptions().setPresence(false));
    hz = await(ClusterStore.instance(vertx));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  private static String newChannel() {
    return "room:ids-" + CHANNELS.incrementAndGet();
  }

  private static JsonObject publish(String channel, Object data, String id) {
    return request(vertx, Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", channel).put("data", data)
        .put("id", id));
  }

  private static JsonArray messages(String channel) {
    return history(vertx, new JsonObject().put("channel", channel).put("since", 0)).getJsonArray("messages");
  }

  @Test
  void aPublishRepeatingAnIdGetsTheStoredSeqAndStoresAndPublishesNothing() {
    String channel = newChannel();
    try (Bus.Inbox inbox = Bus.listen(vertx, Addresses.channel(channel))) {
      assertThat(publish(channel, "first", "key-1")).isEqualTo(new JsonObject().put("seq", 1));
      assertThat(publish(channel, "first again", "key-1"))
          .isEqualTo(new JsonObject().put("seq", 1).put("duplicate", true));
      assertThat(publish(channel, "second", "key-2").getLong("seq")).isEqualTo(2);

      assertThat(messages(channel)).extracting(m -> ((JsonObject) m).getString("data")).containsExactly("first", "second");
      assertThat(inbox.next().getString("id")).isEqualTo("key-1");
      assertThat(inbox.next().getString("id")).isEqualTo("key-2");
      assertThat(inbox.pending()).as("the repeat was not published").isZero();
    }
  }

  @Test
  void everyRepeatGetsTheStoredSeqNotOnlyTheFirst() {
    String channel = newChannel();
    publish(channel, "x", "key-thrice");
    for (int i = 0; i < 3; i++) {
      assertThat(publish(channel, "x", "key-thrice")).as("repeat %d", i + 1)
          .isEqualTo(new JsonObject().put("seq", 1).put("duplicate", true));
    }
  }

  @Test
  void anIdIsPerChannel() {
    String one = newChannel();
    String other = newChannel();
    assertThat(publish(one, "a", "same").getLong("seq")).isEqualTo(1);
    assertThat(publish(other, "b", "same")).isEqualTo(new JsonObject().put("seq", 1));
  }

  @Test
  void manyConcurrentPublishesWithOneIdStoreItOnceAndAllGetItsSeq() {
    String channel = newChannel();
    publish(channel, "before", "key-before");
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      replies.add(Bus.ask(vertx, Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", channel).put("data", "once").put("id", "key-race"), new DeliveryOptions()));
    }
    await(Future.all(replies));
    assertThat(replies).extracting(r -> r.result().getLong("seq")).containsOnly(2L);
    assertThat(messages(channel)).hasSize(2);
  }

  @Test
  void aBrowsersIdIsItsUsersOwn() {
    String channel = newChannel();
    DeliveryOptions alice = new DeliveryOptions().addHeader(Addresses.HEADER_USER, "alice")
        .addHeader(Addresses.HEADER_ROLES, "");
    DeliveryOptions bob = new DeliveryOptions().addHeader(Addresses.HEADER_USER, "bob")
        .addHeader(Addresses.HEADER_ROLES, "");
    JsonObject body = new JsonObject().put("channel", channel).put("data", "hi").put("id", "k");

    assertThat(await(Bus.ask(vertx, Addresses.CHANNELS_PUBLISH, body, alice)).getLong("seq")).isEqualTo(1);
    assertThat(await(Bus.ask(vertx, Addresses.CHANNELS_PUBLISH, body, bob))).isEqualTo(new JsonObject().put("seq", 2));
    assertThat(await(Bus.ask(vertx, Addresses.CHANNELS_PUBLISH, body, alice)).getBoolean("duplicate")).isTrue();
    assertThat(messages(channel)).extracting(m -> ((JsonObject) m).getString("id")).containsExactly("@alice/k", "@bob/k");
  }

  @Test
  void anIdThatIsNotOneToTwoHundredVisibleCharactersIsRefusedWith400() {
    String channel = newChannel();
    for (Object bad : new Object[] {42, "", "with space", "x".repeat(201), "caf\u00e9"}) {
      assertThat(failure(vertx, Addresses.CHANNELS_PUBLISH,
          new JsonObject().put("channel", channel).put("data", "x").put("id", bad)).failureCode())
          .as("id %s", bad).isEqualTo(400);
    }
    assertThat(messages(channel)).isEmpty();
  }

  @Test
  void anIdClaimedByAMemberThatDiedBeforeStoringIsStoredOnceByTheNextPublish() {
    String channel = newChannel();
    keys().set(PublishKeys.key(channel, "orphan"), "claim:" + UUID.randomUUID());

    assertThat(publish(channel, "stored now", "orphan")).isEqualTo(new JsonObject().put("seq", 1));
    assertThat(publish(channel, "stored now", "orphan").getBoolean("duplicate")).isTrue();
    assertThat(messages(channel)).hasSize(1);
  }

  @Test
  void anIdClaimedByAMemberThatDiedAfterStoringGetsThatRecordsSeqAndIsPublishedForSubscribersThatMissedIt() {
    String channel = newChannel();
    publish(channel, "earlier", "key-earlier");
    // what a member leaves that stored the message and died before recording its seq and publishing it
    await(Future.fromCompletionStage(Store.ringbuffer(hz, channel).addAsync(
        "{\"id\":\"landed\",\"ts\":1,\"from\":\"alice\",\"data\":\"stored by the dead\"}", OverflowPolicy.OVERWRITE)));
    keys().set(PublishKeys.key(channel, "landed"), "claim:" + UUID.randomUUID());

    try (Bus.Inbox inbox = Bus.listen(vertx, Addresses.channel(channel))) {
      assertThat(publish(channel, "stored by the dead", "landed")).isEqualTo(new JsonObject().put("seq", 2));
      JsonObject live = inbox.next();
      assertThat(live.getLong("seq")).isEqualTo(2);
      assertThat(live.getString("from")).isEqualTo("alice");
    }
    assertThat(publish(channel, "stored by the dead", "landed").getLong("seq")).isEqualTo(2);
    assertThat(messages(channel)).hasSize(2);
  }

  @Test
  void aDeadMembersRecordIsFoundWhenItIsTheChannelsFirst() {
    String channel = newChannel();
    await(Future.fromCompletionStage(Store.ringbuffer(hz, channel).addAsync(
        "{\"id\":\"first\",\"ts\":1,\"from\":null,\"data\":\"stored by the dead\"}", OverflowPolicy.OVERWRITE)));
    keys().set(PublishKeys.key(channel, "first"), "claim:" + UUID.randomUUID());

    assertThat(publish(channel, "stored by the dead", "first")).isEqualTo(new JsonObject().put("seq", 1));
    assertThat(messages(channel)).hasSize(1);
  }

  @Test
  void aReleaseFreesOnlyItsOwnClaim() {
    java.util.Map.Entry<String, String> mine = new java.util.AbstractMap.SimpleEntry<>("k", "claim:me");
    java.util.Map.Entry<String, String> theirs = new java.util.AbstractMap.SimpleEntry<>("k", "claim:other");
    java.util.Map.Entry<String, String> stored = new java.util.AbstractMap.SimpleEntry<>("k", "seq:4");

    new PublishKeys.Release("me").process(mine);
    new PublishKeys.Release("me").process(theirs);
    new PublishKeys.Release("me").process(stored);

    assertThat(mine.getValue()).isNull();
    assertThat(theirs.getValue()).isEqualTo("claim:other");
    assertThat(stored.getValue()).isEqualTo("seq:4");
  }

  @Test
  void aPublishWhoseIdALiveMemberIsStillStoringWaitsForItsSeq() {
    String channel = newChannel();
    String key = PublishKeys.key(channel, "busy");
    keys().set(key, "claim:" + hz.getCluster().getLocalMember().getUuid());
    Future<JsonObject> waiting = Bus.ask(vertx, Addresses.CHANNELS_PUBLISH,
        new JsonObject().put("channel", channel).put("data", "x").put("id", "busy"), new DeliveryOptions());
    vertx.setTimer(200, t -> keys().setAsync(key, "seq:7"));

    assertThat(await(waiting)).isEqualTo(new JsonObject().put("seq", 7).put("duplicate", true));
  }

  @Test
  void aPublishWhoseIdALiveMemberHoldsTooLongIsRefusedWith409() {
    String channel = newChannel();
    keys().set(PublishKeys.key(channel, "stuck"), "claim:" + hz.getCluster().getLocalMember().getUuid());

    ReplyException busy = failure(vertx, Addresses.CHANNELS_PUBLISH,
        new JsonObject().put("channel", channel).put("data", "x").put("id", "stuck"));
    assertThat(busy.failureCode()).isEqualTo(409);
    assertThat(busy.getMessage()).isEqualTo("a publish with this id is still being stored");
    assertThat(messages(channel)).isEmpty();
  }

  private static IMap<String, String> keys() {
    return hz.getMap(PublishKeys.MAP);
  }
}
