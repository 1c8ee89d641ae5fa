package io.squall.channels;

import static io.squall.channels.Bus.await;
import static io.squall.channels.Bus.failure;
import static io.squall.channels.Bus.history;
import static io.squall.channels.Bus.publish;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.squall.platform.Addresses;
import io.squall.platform.ClusterStore;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** History on a store that keeps 5 messages per channel, so overwriting is quick to reach. */
class HistoryTest {

  private static final AtomicInteger CHANNELS = new AtomicInteger();
  private static Vertx vertx;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    Bus.deploy(vertx, new ChannelsOptions().setHistorySize(5).setDefaultHistoryLimit(3).setMaxHistoryLimit(50));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  /** A new channel with messages "m1".."mN" (seq 1..N). */
  private static String channelWith(int messages) {
    String channel = "history-" + CHANNELS.incrementAndGet();
    for (int i = 1; i <= messages; i++) {
      assertThat(publish(vertx, channel, "m" + i)).isEqualTo(i);
    }
    return channel;
  }

  /** What Hazelcast's retry of an add leaves behind: the same stored record (same id) a second time. */
  private static void storeCopy(String channel, String id, String data) {
    HazelcastInstance hz = await(ClusterStore.instance(vertx));
    hz.<String>getRingbuffer(Store.RINGBUFFER_PREFIX + channel).add(new JsonObject().put("id", id).put("ts", 1L)
        .putNull("from").put("data", data).encode());
  }

  private static List<String> data(JsonObject page) {
    List<String> data = new ArrayList<>();
    page.getJsonArray("messages").forEach(m -> data.add(((JsonObject) m).getString("data")));
    return data;
  }

  private static JsonObject since(String channel, long since, Integer limit) {
    JsonObject request = new JsonObject().put("channel", channel).put("since", since);
    return history(vertx, limit == null ? request : request.put("limit", limit));
  }

  private static JsonObject latest(String channel, Integer limit) {
    JsonObject request = new JsonObject().put("channel", channel);
    return history(vertx, limit == null ? request : request.put("limit", limit));
  }

  private static List<Long> seqs(JsonObject page) {
    List<Long> seqs = new ArrayList<>();
    page.getJsonArray("messages").forEach(m -> seqs.add(((JsonObject) m).getLong("seq")));
    return seqs;
  }

  @Test
  void aMessageARetriedAddStoredTwiceIsGivenOnceAtTheLaterSeqTheOnePublishedAndReplied() {
    String channel = channelWith(0);
    storeCopy(channel, "retried-1", "twice");   // seq 1: the first attempt, which the retry does not know of
    assertThat(publish(vertx, channel, "other")).isEqualTo(2);
    storeCopy(channel, "retried-1", "twice");   // seq 3: the retry, whose seq the publisher replies and publishes
    assertThat(publish(vertx, channel, "after")).isEqualTo(4);

    assertThat(seqs(since(channel, 0, 10))).containsExactly(2L, 3L, 4L);
    assertThat(data(since(channel, 0, 10))).containsExactly("other", "twice", "after");
    assertThat(seqs(latest(channel, 10))).containsExactly(2L, 3L, 4L);
    assertThat(seqs(latest(channel, 2))).containsExactly(3L, 4L);
    assertThat(since(channel, 0, 10).getJsonArray("messages").getJsonObject(1).getString("id")).isEqualTo("retried-1");
    assertThat(seqs(since(channel, 1, 10))).as("a client that has the first copy").containsExactly(2L, 4L);

    JsonObject page = since(channel, 0, 2);
    assertThat(seqs(page)).containsExactly(2L, 3L);
    assertThat(page.getBoolean("more")).isTrue();
  }

  @Test
  void givesTheMessagesAfterSinceOldestFirstUpToLimitAndSaysWhetherMoreFollow() {
    String channel = channelWith(4);

    JsonObject first = since(channel, 0, 2);
    assertThat(seqs(first)).containsExactly(1L, 2L);
    assertThat(first.getBoolean("complete")).isTrue();
    assertThat(first.getBoolean("more")).isTrue();

    JsonObject second = since(channel, 2, 2);
    assertThat(seqs(second)).containsExactly(3L, 4L);
    assertThat(second.getBoolean("complete")).isTrue();
    assertThat(second.getBoolean("more")).isFalse();

    JsonObject upToDate = since(channel, 4, 2);
    assertThat(seqs(upToDate)).isEmpty();
    assertThat(upToDate.getBoolean("complete")).isTrue();
    assertThat(upToDate.getBoolean("more")).isFalse();
  }

  @Test
  void eachMessageCarriesSeqDataFromAndTsAsItWasPublished() {
    String channel = "history-" + CHANNELS.incrementAndGet();
    try (Bus.Inbox inbox = Bus.listen(vertx, Addresses.channel(channel))) {
      Bus.request(vertx, Addresses.CHANNELS_PUBLISH, new JsonObject().put("channel", channel)
          .put("data", new JsonObject().put("text", "hello").put("n", 1)).put("from", "backend"));

      JsonObject stored = since(channel, 0, null).getJsonArray("messages").getJsonObject(0);
      assertThat(stored).isEqualTo(inbox.next());
      assertThat(stored.getJsonObject("data")).isEqualTo(new JsonObject().put("text", "hello").put("n", 1));
      assertThat(stored.getString("from")).isEqualTo("backend");
    }
  }

  @Test
  void pagingWhileMoreIsTrueReadsEveryMessageOnceInOrder() {
    String channel = channelWith(5);
    List<Long> read = new ArrayList<>();
    long since = 0;
    JsonObject page;
    do {
      page = since(channel, since, 2);
      assertThat(page.getBoolean("complete")).isTrue();
      read.addAll(seqs(page));
      since = read.get(read.size() - 1);
    } while (page.getBoolean("more"));

    assertThat(read).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void withoutSinceGivesTheLastLimitMessagesComplete() {
    String channel = channelWith(5);

    assertThat(seqs(latest(channel, 2))).containsExactly(4L, 5L);
    assertThat(seqs(latest(channel, null))).as("defaultHistoryLimit 3").containsExactly(3L, 4L, 5L);
    assertThat(seqs(latest(channel, 10))).as("more than the channel holds").containsExactly(1L, 2L, 3L, 4L, 5L);
    JsonObject last = latest(channel, 1);
    assertThat(seqs(last)).containsExactly(5L);
    assertThat(last.getBoolean("complete")).isTrue();
    assertThat(last.getBoolean("more")).isFalse();
    assertThat(last.getJsonArray("messages").getJsonObject(0).getString("data")).isEqualTo("m5");
  }

  @Test
  void historyReportsIncompleteWhenTheGapWasOverwritten() {
    String channel = channelWith(8); // holds 4..8 now

    JsonObject gap = since(channel, 2, null);
    assertThat(gap.getBoolean("complete")).isFalse();
    assertThat(seqs(gap)).as("what is still there, for a client that wants it").containsExactly(4L, 5L, 6L);

    JsonObject fromTheStart = since(channel, 0, null);
    assertThat(fromTheStart.getBoolean("complete")).isFalse();

    // the client has 3: 4 follows directly, nothing is lost even though 3 itself is gone
    JsonObject noGap = since(channel, 3, 10);
    assertThat(noGap.getBoolean("complete")).isTrue();
    assertThat(seqs(noGap)).containsExactly(4L, 5L, 6L, 7L, 8L);
    assertThat(noGap.getBoolean("more")).isFalse();

    JsonObject latest = latest(channel, null);
    assertThat(seqs(latest)).containsExactly(6L, 7L, 8L);
    assertThat(latest.getBoolean("complete")).isTrue();
  }

  @Test
  void anUnknownChannelHasNoMessagesAndIsCompleteUnlessTheClientIsAheadOfIt() {
    String channel = "history-never-published-" + CHANNELS.incrementAndGet();

    for (JsonObject page : List.of(latest(channel, null), since(channel, 0, null))) {
      assertThat(seqs(page)).isEmpty();
      assertThat(page.getBoolean("complete")).isTrue();
      assertThat(page.getBoolean("more")).isFalse();
    }
    // a client that has seq 7 of a channel the store does not know: the store lost it (a restart), seqs start over
    assertThat(since(channel, 7, null).getBoolean("complete")).isFalse();
    assertThat(since(channelWith(2), 7, null).getBoolean("complete")).isFalse();
  }

  @Test
  void sinceAndLimitMustBeWholeNumbersInRangeAndDigitStringsCount() {
    String channel = channelWith(3);
    for (JsonObject bad : List.of(new JsonObject().put("since", -1), new JsonObject().put("since", "abc"),
        new JsonObject().put("since", 1.5), new JsonObject().put("limit", 0), new JsonObject().put("limit", 51),
        new JsonObject().put("limit", "ten"), new JsonObject().put("since", true))) {
      ReplyException e = failure(vertx, Addresses.CHANNELS_HISTORY, bad.put("channel", channel));
      assertThat(e.failureCode()).as(bad.encode()).isEqualTo(400);
    }
    assertThat(failure(vertx, Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", channel).put("limit", 51))
        .getMessage()).isEqualTo("limit must be between 1 and 50");
    assertThat(failure(vertx, Addresses.CHANNELS_HISTORY, new JsonObject().put("channel", "no spaces")).failureCode())
        .isEqualTo(400);

    JsonObject fromStrings = history(vertx, new JsonObject().put("channel", channel).put("since", "1").put("limit", "1"));
    assertThat(seqs(fromStrings)).containsExactly(2L);
    assertThat(seqs(history(vertx, new JsonObject().put("channel", channel).put("since", 2.0)))).containsExactly(3L);
  }
}
