package io.squall.channels;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.squall.platform.Failures;
import io.squall.platform.RecentIds;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code squall.channels.history {channel, since?, limit?}} replies {@code {messages, complete, more}}.
 *
 * <p>A message's seq is its ringbuffer sequence + 1. With {@code since}, the read starts one message early, at the
 * one the client already has (seq = since): if the ringbuffer still holds it, or the one right after it, nothing in
 * between was lost ({@code complete}); if it holds neither, it was overwritten or expired and the client must
 * reload. One read answers both questions, and the read asks for one message more than {@code limit} to tell
 * {@code more}. A message stored twice by a retried add is given once ({@link #distinct}). Seqs are the ringbuffer's
 * shifted by the channel's offset ({@link LiveChannels}). A channel without a ringbuffer (never published to, or
 * destroyed when idle) is answered without touching Hazelcast's ringbuffers, so asking about unknown channels costs
 * the store nothing, not even a proxy for the name.
 */
final class History {

  private static final Logger log = LoggerFactory.getLogger(History.class);

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hz;
  private final ChannelsOptions options;
  private final ChannelsMetrics metrics;
  private final LiveChannels channels;

  History(Vertx vertx, Context context, HazelcastInstance hz, ChannelsOptions options, ChannelsMetrics metrics,
      LiveChannels channels) {
    this.vertx = vertx;
    this.context = context;
    this.hz = hz;
    this.options = options;
    this.metrics = metrics;
    this.channels = channels;
  }

  void handle(Message<Object> message) {
    metrics.historyRequest();
    String channel;
    long since;
    int limit;
    try {
      JsonObject body = Requests.body(message, "{channel, since?, limit?}");
      channel = Requests.channel(body);
      since = Requests.wholeNumber(body, "since", 0, Long.MAX_VALUE - 1, -1);
      limit = (int) Requests.wholeNumber(body, "limit", 1, options.getMaxHistoryLimit(),
          options.getDefaultHistoryLimit());
    } catch (ReplyException e) {
      reject(message, e.failureCode(), e.getMessage());
      return;
    }
    channels.offset(channel).compose(offset -> {
      if (offset == null) {
        // no ringbuffer: nothing stored, and a client that names a seq had messages the store no longer has
        return Future.succeededFuture(page(List.of(), since <= 0, false));
      }
      Ringbuffer<String> ringbuffer = Store.ringbuffer(hz, channel);
      return since >= 0 ? after(ringbuffer, since, limit, offset) : latest(ringbuffer, limit, offset);
    }).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        log.warn("channels: could not read the history of {}: {}", channel, ar.cause().toString());
        reject(message, Failures.UNAVAILABLE, "the channel store is not available");
      }
    });
  }

  /**
   * Messages with seq > since, oldest first. A {@code since} below the offset names a message of the channel's life
   * before it was destroyed: everything from then on is gone, so the page starts at the beginning, not complete. A
   * {@code since} equal to the offset is the last seq of that life (the floor is at least that, and the client had a
   * seq at most that): nothing was missed if this life's first message is still there, as with {@code since: 0}.
   */
  private Future<JsonObject> after(Ringbuffer<String> ringbuffer, long requested, int limit, long offset) {
    boolean lostBefore = requested > 0 && requested < offset;
    long since = Math.max(0, requested - offset);
    long start = since == 0 ? 0 : since - 1;
    int want = limit + (since == 0 ? 1 : 2);
    int max = batch(want, ringbuffer.capacity());
    return read(ringbuffer, start, max).map(read -> {
      boolean complete;
      if (read.size() == 0) {
        // nothing at or after the client's last message: it expired with everything after it, or the client is ahead
        // of the store (which lost its data); an empty channel asked from the beginning lost nothing
        complete = since == 0;
      } else {
        complete = read.getSequence(0) <= since;
      }
      complete &= !lostBefore;
      int first = 0;
      while (first < read.size() && read.getSequence(first) < since) {
        first++;
      }
      List<JsonObject> messages = distinct(read, first, offset);
      // a full read that held a copy may have stopped short of messages that still fit the page
      boolean more = messages.size() > limit || read.size() == max && messages.size() < read.size() - first
          || mayGoOn(read, max, want, ringbuffer.capacity());
      return page(messages.subList(0, Math.min(limit, messages.size())), complete, more);
    });
  }

  /**
   * The last {@code limit} messages. Hazelcast has no asynchronous way to ask where a ringbuffer ends, so: read from
   * the start; if that already reached the end (a channel with at most {@code limit} messages), done; else ask the
   * tail on a worker thread (the ringbuffer exists by then, so asking creates nothing) and read the end.
   */
  private Future<JsonObject> latest(Ringbuffer<String> ringbuffer, int limit, long offset) {
    long capacity = ringbuffer.capacity();
    int max = batch(limit + 1, capacity);
    return read(ringbuffer, 0, max).compose(first -> {
      if (first.size() < max || max >= capacity) {
        List<JsonObject> messages = distinct(first, 0, offset);
        return Future.succeededFuture(page(messages.subList(Math.max(0, messages.size() - limit), messages.size()),
            true, false));
      }
      return vertx.executeBlocking(ringbuffer::tailSequence, false)
          .compose(tail -> read(ringbuffer, Math.max(0, tail + 1 - limit), max))
          .map(last -> {
            List<JsonObject> messages = distinct(last, 0, offset);
            // more: messages came in between asking the tail and reading
            return page(messages.subList(0, Math.min(limit, messages.size())), true,
                messages.size() > limit || mayGoOn(last, max, limit + 1, capacity));
          });
    });
  }

  private Future<ReadResultSet<String>> read(Ringbuffer<String> ringbuffer, long start, int max) {
    // minCount 0: answer with what is there now instead of waiting for messages
    return Store.async(context, () -> ringbuffer.readManyAsync(start, 0, max, null));
  }

  /** How many to read: Hazelcast refuses more than the capacity, or more than 1000 at once. */
  private static int batch(int want, long capacity) {
    return (int) Math.min(want, Math.min(capacity, ChannelsOptions.HISTORY_LIMIT_CEILING));
  }

  /**
   * Whether a read cut short by Hazelcast's limit of 1000 may have stopped before the end. A read cut short by the
   * capacity cannot have: the ringbuffer never holds more than that.
   */
  private static boolean mayGoOn(ReadResultSet<String> read, int max, int want, long capacity) {
    return max < want && max < capacity && read.size() == max;
  }

  /**
   * The messages of {@code read} from index {@code from} on, oldest first, each once. A retried add can store a
   * message twice under one id (see {@link Publisher}); the copy kept is the last, whose seq was published and
   * replied. A record whose id the client already has (before {@code from}) is left out too.
   */
  private static List<JsonObject> distinct(ReadResultSet<String> read, int from, long offset) {
    List<JsonObject> records = new ArrayList<>(read.size());
    Map<String, Integer> lastIndex = new HashMap<>();
    for (int i = 0; i < read.size(); i++) {
      JsonObject record = new JsonObject(read.get(i));
      records.add(record);
      String id = RecentIds.idOf(record);
      if (id != null) {
        lastIndex.put(id, i);
      }
    }
    Set<String> had = new HashSet<>();
    for (int i = 0; i < from; i++) {
      String id = RecentIds.idOf(records.get(i));
      if (id != null) {
        had.add(id);
      }
    }
    List<JsonObject> messages = new ArrayList<>(read.size() - from);
    for (int i = from; i < read.size(); i++) {
      JsonObject record = records.get(i);
      String id = RecentIds.idOf(record);
      if (id == null || lastIndex.get(id) == i && !had.contains(id)) {
        messages.add(message(record, read.getSequence(i) + 1 + offset));
      }
    }
    return messages;
  }

  private static JsonObject message(JsonObject record, long seq) {
    JsonObject message = new JsonObject().put("seq", seq);
    String id = RecentIds.idOf(record);
    if (id != null) {
      message.put("id", id);
    }
    return message.put("data", record.getValue("data")).put("from", record.getValue("from"))
        .put("ts", record.getValue("ts"));
  }

  private static JsonObject page(List<JsonObject> messages, boolean complete, boolean more) {
    return new JsonObject().put("messages", new JsonArray(new ArrayList<>(messages))).put("complete", complete)
        .put("more", more);
  }

  private void reject(Message<Object> message, int status, String why) {
    metrics.rejected("history", status);
    message.fail(status, why);
  }
}
