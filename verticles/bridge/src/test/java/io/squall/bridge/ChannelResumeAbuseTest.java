package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Addresses;
import io.squall.testing.BridgeClient;
import io.squall.testing.SquallNodes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A signed-in browser resuming a channel ({@code since}) from where no channel is, on a real node with the real
 * channels service: one {@code reload}, then the channel's posts once each, a bounded number of history reads, and
 * a node that keeps serving its other sockets quickly. (An outside probe sent {@code since: "9223372036854775807"}:
 * one post then made the bridge send that socket about 100,000 reload frames a second, each after a history read.)
 */
class ChannelResumeAbuseTest {

  private static final String ROOM = "channel.room.abuse";
  /** Frames a socket may get for one post before the test calls it a flood. */
  private static final int FEW = 5;

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  private AttackedNode node;

  @BeforeEach
  void start() throws IOException {
    node = AttackedNode.withChannels(nodes, dir);
  }

  private BridgeClient alice() {
    return BridgeClient.connect(URI.create("ws://127.0.0.1:" + node.port + "/eventbus/websocket?token=t-alice"));
  }

  /** Stores a message in the room's channel (and publishes it), as chat.post does; returns its seq. */
  private long post(String text) {
    return Bridges.await(node.vertx().eventBus().<JsonObject>request(Addresses.CHANNELS_PUBLISH,
        new JsonObject().put("channel", "room.abuse").put("data", text))).body().getLong("seq");
  }

  private static JsonObject registerSince(Object since) {
    return new JsonObject().put("type", "register").put("address", ROOM)
        .put("headers", new JsonObject().put("since", since));
  }

  private static boolean isRec(JsonObject frame, long seq) {
    return "rec".equals(frame.getString("type")) && frame.getJsonObject("body").getLong("seq") == seq;
  }

  private static void assertReload(JsonObject frame) {
    assertThat(frame.getString("type")).isEqualTo("err");
    assertThat(frame.getString("address")).isEqualTo(ROOM);
    assertThat(frame.getString("message")).isEqualTo("reload");
  }

  /** After the attack: ready, the neighbour hears, a fresh socket's request-reply works, and bob's round trips are quick. */
  private void assertStillServingQuickly(BridgeClient neighbour) {
    node.assertStillServing(neighbour);
    BridgeClient bob = BridgeClient.connect(URI.create("ws://127.0.0.1:" + node.port + "/eventbus/websocket?token=t-bob"));
    for (int i = 0; i < 5; i++) {
      long started = System.nanoTime();
      bob.send(new JsonObject().put("type", "send").put("address", "in.ask").put("body", i).put("replyAddress", "r" + i));
      bob.awaitRec("r" + i);
      assertThat((System.nanoTime() - started) / 1_000_000).as("bob's round trip (ms)").isLessThan(500);
    }
  }

  @ParameterizedTest(name = "since {0}")
  @ValueSource(strings = {"\"9223372036854775807\"", "9223372036854775807", "\"9223372036854775806\"", "1e300",
      "18446744073709551621"})
  void aSinceBeyondAnySeqIsOneReloadWithoutAHistoryReadAndThePostsAfterItArriveOnce(String since) {
    BridgeClient neighbour = node.neighbour();
    BridgeClient alice = alice();
    double readsBefore = node.historyRequests();

    alice.send(registerSince(new JsonObject("{\"since\": " + since + "}").getValue("since")));
    assertReload(alice.await(f -> true));
    long first = post("one");
    long second = post("two");

    List<JsonObject> frames = alice.framesUntil(f -> isRec(f, second), FEW);
    assertThat(frames).hasSize(2);
    assertThat(isRec(frames.get(0), first)).as("first post: %s", frames).isTrue();
    assertThat(node.historyRequests() - readsBefore).as("history reads").isZero();
    assertStillServingQuickly(neighbour);
    assertThat(alice.pending()).as("nothing more came").isEmpty();
    assertThat(alice.closeStatus()).isNull();
  }

  @Test
  void aSinceBeyondTheChannelsLatestSeqIsOneReloadAndThePostsAfterItArriveOnce() {
    BridgeClient neighbour = node.neighbour();
    for (int i = 0; i < 3; i++) {
      post("before " + i);
    }
    BridgeClient alice = alice();
    double readsBefore = node.historyRequests();

    alice.send(registerSince(1000));
    assertReload(alice.await(f -> true));
    long fourth = post("four");
    long fifth = post("five");

    assertThat(alice.framesUntil(f -> isRec(f, fifth), FEW)).hasSize(2).first().matches(f -> isRec(f, fourth));
    assertThat(node.historyRequests() - readsBefore).as("history reads: the resume's one").isEqualTo(1);
    assertStillServingQuickly(neighbour);
    assertThat(alice.pending()).as("nothing more came").isEmpty();
  }
}
