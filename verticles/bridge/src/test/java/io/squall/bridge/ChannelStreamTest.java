package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.channels.ChannelsVerticle;
import io.squall.platform.Addresses;
import io.squall.testing.BridgeClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Channel streams through the bridge: resume with {@code since}, in-order delivery across gaps, presence. */
class ChannelStreamTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Bridges.fakeAuth(vertx);
  }

  @AfterEach
  void stop() {
    Bridges.await(vertx.close());
  }

  private int bridge() {
    return Bridges.deploy(vertx, new BridgeOptions()
        .addOutbound(new PermitOptions().setAddressRegex("channel\\.room\\.[a-z]+(\\.presence)?")));
  }

  private void channels(int historySize) {
    Bridges.await(vertx.deployVerticle(new ChannelsVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("historySize", historySize))));
  }

  private long publish(String channel, Object data) {
    return Bridges.await(vertx.eventBus().<JsonObject>request(Addresses.CHANNELS_PUBLISH,
        new JsonObject().put("channel", channel).put("data", data))).body().getLong("seq");
  }

  private static JsonObject register(String address, long since) {
    return new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject().put("since", since));
  }

  private static List<Long> seqs(BridgeClient client, String address, int count) {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      seqs.add(client.awaitRec(address).getJsonObject("body").getLong("seq"));
    }
    return seqs;
  }

  @Test
  void registeringWithSinceReplaysTheMissedMessagesThenGoesLiveWithoutDuplicates() {
    channels(100);
    int port = bridge();
    for (int i = 1; i <= 5; i++) {
      publish("room.lobby", "m" + i);
    }
    BridgeClient client = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"));

    client.send(register("channel.room.lobby", 2));
    assertThat(seqs(client, "channel.room.lobby", 3)).containsExactly(3L, 4L, 5L);
    publish("room.lobby", "m6");

    JsonObject live = client.awaitRec("channel.room.lobby").getJsonObject("body");
    assertThat(live.getLong("seq")).isEqualTo(6L);
    assertThat(live.getString("data")).isEqualTo("m6");
    assertThat(client.pending()).isEmpty();
  }

  @Test
  void aResumeBeyondWhatTheChannelStillHoldsSaysReload() {
    channels(3);
    int port = bridge();
    for (int i = 1; i <= 10; i++) {
      publish("room.busy", i);
    }
    BridgeClient client = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"));

    client.send(register("channel.room.busy", 2));

    JsonObject reload = client.await(f -> "err".equals(f.getString("type")));
    assertThat(reload.getString("address")).isEqualTo("channel.room.busy");
    assertThat(reload.getString("message")).isEqualTo("reload");
  }

  @Test
  void messagesThatOvertakeEachOtherAreDeliveredInSequenceOrder() {
    // a stand-in channel store: seq 2 and 3 are "stored" and their live publishes are late or out of order
    List<JsonObject> stored = new ArrayList<>();
    for (long seq = 1; seq <= 4; seq++) {
      stored.add(new JsonObject().put("seq", seq).put("data", "m" + seq).put("from", null).put("ts", seq));
    }
    vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_HISTORY, m -> {
      long since = m.body().getLong("since");
      JsonArray messages = new JsonArray();
      stored.stream().filter(s -> s.getLong("seq") > since).forEach(messages::add);
      m.reply(new JsonObject().put("messages", messages).put("complete", true).put("more", false));
    });
    int port = bridge();
    BridgeClient client = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"))
        .registered(vertx.eventBus(), "channel.room.order");

    vertx.eventBus().publish("channel.room.order", stored.get(0));
    vertx.eventBus().publish("channel.room.order", stored.get(3));
    vertx.eventBus().publish("channel.room.order", stored.get(2));
    vertx.eventBus().publish("channel.room.order", stored.get(1));

    assertThat(seqs(client, "channel.room.order", 4)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(client.pending()).isEmpty();
  }

  @Test
  void aGapBeforeTheFirstLiveMessageOfANewConsumerIsReadFromHistory() {
    // In a cluster a new consumer can miss the first publishes after it registered (the publishing node learns of
    // it a moment later): here seq 1 and 2 are stored after the socket's replay and only seq 3's publish arrives.
    List<JsonObject> stored = new ArrayList<>();
    Promise<Void> replayed = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_HISTORY, m -> {
      long since = m.body().getLong("since");
      JsonArray messages = new JsonArray();
      stored.stream().filter(s -> s.getLong("seq") > since).forEach(messages::add);
      m.reply(new JsonObject().put("messages", messages).put("complete", true).put("more", false));
      replayed.tryComplete();
    });
    int port = bridge();
    BridgeClient client = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"));
    client.send(register("channel.room.gap", 0));
    Bridges.await(replayed.future());
    for (long seq = 1; seq <= 3; seq++) {
      stored.add(new JsonObject().put("seq", seq).put("data", "m" + seq).put("from", null).put("ts", seq));
    }

    vertx.eventBus().publish("channel.room.gap", stored.get(2));

    assertThat(seqs(client, "channel.room.gap", 3)).containsExactly(1L, 2L, 3L);
    assertThat(client.pending()).isEmpty();
  }

  /** A stand-in channel store whose history replies with {@code stored} (the seqs after since); counts requests. */
  private AtomicInteger historyOf(List<JsonObject> stored) {
    AtomicInteger requests = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_HISTORY, m -> {
      requests.incrementAndGet();
      long since = m.body().getLong("since");
      JsonArray messages = new JsonArray();
      stored.stream().filter(s -> s.getLong("seq") > since).forEach(messages::add);
      m.reply(new JsonObject().put("messages", messages).put("complete", true).put("more", false));
    });
    return requests;
  }

  private static JsonObject message(long seq, String id) {
    return new JsonObject().put("seq", seq).put("id", id).put("data", "m" + seq).put("from", null).put("ts", seq);
  }

  @Test
  void aSecondCopyOfAMessageUnderAnotherSeqIsDroppedAndTheStreamGoesOn() {
    // Hazelcast's retry of an add stored message "x" twice, as seq 2 and 3; both were published
    int port = bridge();
    BridgeClient client = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"))
        .registered(vertx.eventBus(), "channel.room.copies");

    for (JsonObject message : List.of(message(1, "a"), message(2, "x"), message(3, "x"), message(4, "b"))) {
      vertx.eventBus().publish("channel.room.copies", message);
    }

    assertThat(seqs(client, "channel.room.copies", 3)).containsExactly(1L, 2L, 4L);
    assertThat(client.pending()).isEmpty();
  }

  @Test
  void aGapThatHistoryFillsWithAHoleWhereItLeftACopyOutIsReadOnceForAllSockets() {
    // history left seq 2 out (the first copy of "x", whose second copy is seq 4); seq 5 comes before 3 and 4
    List<JsonObject> stored = List.of(message(1, "a"), message(3, "c"), message(4, "x"), message(5, "e"));
    AtomicInteger historyRequests = historyOf(stored);
    int port = bridge();
    List<BridgeClient> clients = List.of(
        BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice")).registered(vertx.eventBus(), "channel.room.holes"),
        BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-bob")).registered(vertx.eventBus(), "channel.room.holes"));

    vertx.eventBus().publish("channel.room.holes", stored.get(0));
    vertx.eventBus().publish("channel.room.holes", stored.get(3));

    for (BridgeClient client : clients) {
      assertThat(seqs(client, "channel.room.holes", 4)).containsExactly(1L, 3L, 4L, 5L);
    }
    vertx.eventBus().publish("channel.room.holes", stored.get(1));
    vertx.eventBus().publish("channel.room.holes", message(6, "f"));
    for (BridgeClient client : clients) {
      assertThat(seqs(client, "channel.room.holes", 1)).as("late seq 3 dropped").containsExactly(6L);
      assertThat(client.pending()).isEmpty();
    }
    assertThat(historyRequests).as("the node's one consumer reads the gap, not each socket").hasValue(1);
  }

  @Test
  void aResumeWhoseHistoryCannotBeReadIsToldReloadOnceAndNeverReadsHistoryAgain() {
    AtomicInteger historyRequests = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_HISTORY, m -> {
      historyRequests.incrementAndGet();
      m.fail(503, "the channel store is not available");
    });
    int port = bridge();
    BridgeClient client = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"));

    client.send(register("channel.room.down", 0));
    assertThat(client.await(f -> "err".equals(f.getString("type"))).getString("message")).isEqualTo("reload");
    // each post after a gap: the node's consumer tries history once for it, fails and goes on
    for (long seq : new long[] {1, 3, 5}) {
      vertx.eventBus().publish("channel.room.down", message(seq, "m" + seq));
      assertThat(seqs(client, "channel.room.down", 1)).containsExactly(seq);
    }

    assertThat(client.seen()).filteredOn(f -> "err".equals(f.getString("type"))).hasSize(1);
    assertThat(historyRequests).as("the resume's read and one per gap, none retried for the socket").hasValue(3);
    assertThat(client.pending()).isEmpty();
  }

  @Test
  void registeringOnAChannelJoinsItsPresenceAndClosingLeaves() {
    channels(100);
    int port = bridge();
    BridgeClient watcher = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-bob"))
        .registered(vertx.eventBus(), "channel.room.lobby.presence");
    BridgeClient alice = BridgeClient.connect(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket?token=t-alice"));

    alice.register("channel.room.lobby");
    JsonObject joined = watcher.awaitRec("channel.room.lobby.presence").getJsonObject("body");
    JsonObject members = Bridges.await(vertx.eventBus().<JsonObject>request(Addresses.CHANNELS_PRESENCE,
        new JsonObject().put("channel", "room.lobby"))).body();
    alice.close();
    JsonObject left = watcher.await(f -> "rec".equals(f.getString("type"))
        && "leave".equals(f.getJsonObject("body").getString("type")), Duration.ofSeconds(10)).getJsonObject("body");

    assertThat(joined.getString("type")).isEqualTo("join");
    assertThat(joined.getString("user")).isEqualTo("alice");
    assertThat(members.getJsonArray("members").getJsonObject(0).getString("user")).isEqualTo("alice");
    assertThat(left.getString("user")).isEqualTo("alice");
  }
}
