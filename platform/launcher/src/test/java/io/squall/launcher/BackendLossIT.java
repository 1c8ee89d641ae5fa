package io.squall.launcher;

import static io.squall.testing.SquallProcess.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app split as the README's recipe splits it, one edge and two backends on real JVMs, under two users who
 * post and read continuously (one's posts carry an {@code Idempotency-Key}, as chat.js's do; the other's do not):
 * a backend is SIGKILLed. No request waits more than 2 s, measured request by request: a request that was in flight
 * on the dead backend is sent to the other one when it is safe to repeat (reads, keyed posts), else refused with 503
 * {@code node_lost}; every acknowledged post is in the history exactly once, at the seq it was acknowledged with.
 * Before, the request in flight on the dead node waited its 30 s timeout.
 */
class BackendLossIT {

  private static final String ROOM = "lobby";
  private static final Duration SLOWEST_ALLOWED = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  private ChatBehindHaproxy chat;
  private final List<ChatLoad> loads = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (ChatLoad load : loads) {
      load.close();
    }
    if (chat != null) {
      chat.close();
    }
  }

  @Test
  void aBackendKilledUnderChatLoadHoldsNoRequestOverTwoSecondsAndStoresEveryAcknowledgedPostOnce() throws Exception {
    chat = new ChatBehindHaproxy(dir).node("edge", "edge").node("backend1", "backend").node("backend2", "backend")
        .start();
    ChatLoad keyed = new ChatLoad(ChatClient.login(chat.httpBase()), ROOM);
    ChatLoad unkeyed = ChatLoad.unkeyed(ChatClient.login(chat.httpBase()), ROOM);
    loads.addAll(List.of(keyed, unkeyed));
    awaitCondition("load flows", Duration.ofSeconds(20),
        () -> keyed.acked().size() >= 40 && unkeyed.acked().size() >= 40);

    chat.sigkill(1);
    long killed = System.nanoTime();
    int keyedBefore = keyed.acked().size();
    int unkeyedBefore = unkeyed.acked().size();
    awaitCondition("load flows again after the kill", Duration.ofSeconds(20),
        () -> keyed.acked().size() >= keyedBefore + 40 && unkeyed.acked().size() >= unkeyedBefore + 40);
    keyed.stop();
    unkeyed.stop();

    List<ChatLoad.Request> requests = Stream.concat(keyed.requests().stream(), unkeyed.requests().stream()).toList();
    List<Long> killToAnswer = requests.stream().filter(r -> r.inFlightAt(killed))
        .map(r -> TimeUnit.NANOSECONDS.toMillis(r.endNanos() - killed)).sorted().toList();
    ChatLoad.Request slowest = Stream.of(keyed.slowest(), unkeyed.slowest())
        .max(java.util.Comparator.comparingLong(ChatLoad.Request::millis)).orElseThrow();
    List<ChatLoad.Request> refused = requests.stream().filter(r -> r.status() != 200).toList();
    System.out.printf("backend loss: %d requests (%d keyed posts and %d unkeyed acknowledged); %d in flight at the kill,"
        + " answered %s ms after it (median %d, slowest %d); slowest request overall: %s; refused: %s%n",
        requests.size(), keyed.acked().size(), unkeyed.acked().size(), killToAnswer.size(), killToAnswer,
        killToAnswer.isEmpty() ? 0 : killToAnswer.get(killToAnswer.size() / 2),
        killToAnswer.isEmpty() ? 0 : killToAnswer.get(killToAnswer.size() - 1), slowest, refused);

    assertThat(slowest.millis()).as("the slowest request: %s", slowest).isLessThan(SLOWEST_ALLOWED.toMillis());
    assertThat(refused).as("a refusal is a 503 node_lost, for a post that was not safe to repeat")
        .allSatisfy(r -> {
          assertThat(r.name()).startsWith("post");
          assertThat(r.status()).isEqualTo(503);
          assertThat(new JsonObject(r.body()).getString("message")).isEqualTo("node_lost");
        });
    assertThat(keyed.failures()).as("keyed posts and reads are sent to the other backend, not refused").isEmpty();
    assertStoredOnceAtTheirSeqs(keyed.client().allMessages(ROOM), keyed, unkeyed);
  }

  /** Every acknowledged post is in the history once, at the seq its reply gave; no post is there twice. */
  private static void assertStoredOnceAtTheirSeqs(List<JsonObject> history, ChatLoad... loads) {
    Map<String, List<Long>> seqsByText = new HashMap<>();
    for (JsonObject m : history) {
      seqsByText.computeIfAbsent(m.getJsonObject("data").getString("text"), t -> new ArrayList<>()).add(m.getLong("seq"));
    }
    assertThat(seqsByText.values()).as("no post is stored twice").allSatisfy(seqs -> assertThat(seqs).hasSize(1));
    for (ChatLoad load : loads) {
      List<Long> acked = load.acked();
      List<String> texts = load.ackedTexts();
      for (int i = 0; i < acked.size(); i++) {
        assertThat(seqsByText.get(texts.get(i))).as("%s, acknowledged with seq %d", texts.get(i), acked.get(i))
            .containsExactly(acked.get(i));
      }
    }
  }
}
